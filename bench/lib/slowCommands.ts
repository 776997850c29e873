import { median } from './procStats.js';

/**
 * The server's slow-command log (DB_SLOW_MS, server/src/platform/db.ts) summed per command and
 * collection: what the database spent its time on while the benchmark ran. One line per
 * group, the most total time first.
 */
export function slowCommandSummary(serverOutput: string): string[] {
  const groups = new Map<string, { ms: number[]; docs: number[] }>();
  for (const line of serverOutput.split('\n')) {
    if (!line.includes('database: slow command')) continue;
    let e: { command?: string; collection?: string; filterKeys?: string[]; ms?: number; docs?: number };
    try { e = JSON.parse(line) as typeof e; } catch { continue; }
    const key = `${e.command} ${e.collection}${e.filterKeys?.length ? ` {${e.filterKeys.join(',')}}` : ''}`;
    const g = groups.get(key) ?? { ms: [], docs: [] };
    g.ms.push(e.ms ?? 0);
    if (e.docs !== undefined) g.docs.push(e.docs);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, total: g.ms.reduce((a, b) => a + b, 0), g }))
    .sort((a, b) => b.total - a.total)
    .map(({ key, total, g }) => `${key}: ${g.ms.length}×, median ${median(g.ms)} ms, total ${total} ms${g.docs.length ? `, median ${median(g.docs)} docs` : ''}`);
}

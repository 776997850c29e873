import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cpuSeconds } from './procStats.js';

/**
 * CPU used over a phase by this process's descendants, summed by program name (node,
 * postgres, ferretdb, redis-server, mediasoup-worker…), plus the whole machine's busy time:
 * what the bench itself started against what everything else on the machine did.
 * Processes that start and end within the phase (short PostgreSQL backends) are missed.
 */
export interface CpuSample { at: number; byPid: Map<number, { comm: string; s: number }>; machineBusy: number }

function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return (total - idle) / 100; // USER_HZ
}

export function sampleCpu(root = process.pid): CpuSample {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const byPid = new Map<number, { comm: string; s: number }>();
  for (const pid of parent.keys()) {
    let p = pid;
    for (let hops = 0; p > 1 && p !== root && hops < 20; hops++) p = parent.get(p) ?? 0;
    if (p !== root || pid === root) continue;
    try { byPid.set(pid, { comm: comm.get(pid)!, s: cpuSeconds(pid) }); } catch { /* gone */ }
  }
  return { at: performance.now(), byPid, machineBusy: machineBusySeconds() };
}

/** % of one core per program name between two samples, the machine's busy % of all its cores, and ours. */
export function cpuBetween(a: CpuSample, b: CpuSample): { seconds: number; byProgram: Record<string, number>; machineBusyPercentOfAllCores: number; benchTreePercentOfOneCore: number } {
  const seconds = (b.at - a.at) / 1000;
  const by: Record<string, number> = {};
  for (const [pid, x] of b.byPid) {
    const d = x.s - (a.byPid.get(pid)?.s ?? 0);
    // Node.js names its main thread "MainThread": the servers (and the raw baseline's).
    const name = x.comm === 'MainThread' ? 'node (servers)' : x.comm;
    by[name] = (by[name] ?? 0) + d;
  }
  const total = Object.values(by).reduce((s, x) => s + x, 0);
  const byProgram = Object.fromEntries(Object.entries(by).filter(([, s]) => s > 0.005).sort((x, y) => y[1] - x[1]).map(([k, s]) => [k, Math.round((s / seconds) * 100)]));
  return { seconds: +seconds.toFixed(1), byProgram, machineBusyPercentOfAllCores: Math.round(((b.machineBusy - a.machineBusy) / seconds / cpus().length) * 100), benchTreePercentOfOneCore: Math.round((total / seconds) * 100) };
}

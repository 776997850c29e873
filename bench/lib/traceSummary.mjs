/**
 * Reads a Chromium performance trace (browser.startTracing) of one page load and prints where
 * each thread of the page spent its time before a user-timing mark: the top-level tasks of the
 * renderer's main thread and of its workers, by kind (script evaluation and compilation with
 * the script's name, parsing, style and layout, paint, garbage collection), and every task of
 * 10 ms or more with its start, in ms since navigation start.
 */
import { readFileSync } from 'node:fs';

const short = (url) => (url ? String(url).split('/').pop().split('?')[0] : '');

/** What a top-level task spent its time on: its longest direct child, named with its script. */
function label(e) {
  const d = e.args?.data ?? {};
  const script = short(d.url ?? d.scriptName ?? d.stackTrace?.[0]?.url);
  return script ? `${e.name} ${script}${d.functionName ? ` ${d.functionName}` : ''}` : e.name;
}

export function summarizeTrace(path, untilMark) {
  const events = JSON.parse(readFileSync(path, 'utf8')).traceEvents ?? [];
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing'));
  const navStart = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts ?? events.find((e) => e.name === 'navigationStart')?.ts;
  const end = marks.find((e) => e.name === untilMark)?.ts;
  if (!navStart || !end) return `trace: no navigationStart or '${untilMark}' mark in ${path}`;
  const main = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  const renderer = main?.split(':')[0];
  const threads = [...names].filter(([k, n]) => k.split(':')[0] === renderer && (n === 'CrRendererMain' || /Worker/.test(n)));
  const lines = [`trace of one cold load (${path}), ms since navigation start, until '${untilMark}' at ${((end - navStart) / 1000).toFixed(0)} ms:`];
  for (const [key, name] of threads) {
    const [pid, tid] = key.split(':').map(Number);
    const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= navStart && e.ts <= end && e.dur);
    const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
    const busy = tasks.reduce((s, t) => s + t.dur, 0) / 1000;
    const byKind = new Map();
    const long = [];
    for (const t of tasks) {
      const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask');
      const top = inside.sort((a, b) => b.dur - a.dur)[0];
      const what = top ? label(top) : 'other';
      byKind.set(what, (byKind.get(what) ?? 0) + t.dur / 1000);
      if (t.dur >= 10_000) long.push(`    ${((t.ts - navStart) / 1000).toFixed(0).padStart(5)} +${(t.dur / 1000).toFixed(0).padStart(4)}  ${what}`);
    }
    lines.push(`  ${name}: busy ${busy.toFixed(0)} ms in ${tasks.length} tasks`);
    for (const [what, ms] of [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`    ${ms.toFixed(0).padStart(5)} ms  ${what}`);
    if (long.length) lines.push('   tasks of 10 ms or more (start, duration, what):', ...long);
  }
  for (const m of marks.filter((e) => e.ts >= navStart && e.ts <= end && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b'))) lines.push(`  mark ${m.name} at ${((m.ts - navStart) / 1000).toFixed(0)} ms`);
  return lines.join('\n');
}

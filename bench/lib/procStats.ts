import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Small figures helpers shared by the benchmarks (read from /proc, Linux only). */
const CLK_TCK = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; } })();

/** utime + stime of a process, in seconds. */
export const cpuSeconds = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
};
export const statusKiB = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
export const mib = (kib: number) => +(kib / 1024).toFixed(1);
export const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
export const r1 = (x: number) => +x.toFixed(1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

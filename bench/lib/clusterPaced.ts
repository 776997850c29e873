import { execFileSync } from 'node:child_process';
import { percentile } from '../../test/helpers/liveFixtures.js';
import { sampleCpu, cpuBetween } from './clusterCpu.js';
import { cpuSeconds, r1, sleep } from './procStats.js';

/** bench:cluster's paced change loop, shared by the product and the raw socket.io baseline. */
export const pct = (sorted: ArrayLike<number>) => ({ p50: r1(percentile(sorted, 50)), p99: r1(percentile(sorted, 99)), max: r1(sorted.length ? sorted[sorted.length - 1]! : NaN) });
/** CPU seconds of every process in a network namespace (the server, its mediasoup worker, its FerretDB). */
export function nsCpuSeconds(netns: string): number {
  let pids: string[] = [];
  try { pids = execFileSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean); } catch { return 0; }
  let sum = 0;
  for (const p of pids) { try { sum += cpuSeconds(Number(p)); } catch { /* gone */ } }
  return sum;
}
export const benchCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

export interface PacedResult { cpu: ReturnType<typeof cpuBetween>; lat: number[]; first: number[]; spread: number[]; missing: number; ackMs: number[]; seconds: number; benchCpuPct: number; hostCpuPct: number[] }
/**
 * `send(k)` emits change k (returns its key and when it was emitted, after its ack); arrivals
 * are recorded in `arrivals` by key. Changes start every `timing.paceMs` (or as soon as the previous
 * one is acknowledged, if later); at the end, waits for every client (`timing.deliveryWaitMs`).
 */
export async function paced(count: number, clients: number, send: (k: number) => Promise<{ key: number; t0: number; ackMs: number }>, arrivals: Map<number, Arrival>, netns: string[], timing: { paceMs: number; deliveryWaitMs: number }): Promise<PacedResult> {
  const entries: Array<{ t0: number; a: Arrival }> = [];
  const ackMs: number[] = [];
  const b0 = benchCpu();
  const h0 = netns.map(nsCpuSeconds);
  const s0 = sampleCpu();
  const w0 = performance.now();
  for (let k = 0; k < count; k++) {
    await sleep(Math.max(0, w0 + k * timing.paceMs - performance.now()));
    const res = await send(k);
    const a = arrivals.get(res.key)!;
    entries.push({ t0: res.t0, a });
    ackMs.push(res.ackMs);
  }
  const deadline = performance.now() + timing.deliveryWaitMs;
  while (entries.some((e) => e.a.n < clients) && performance.now() < deadline) await sleep(20);
  const seconds = (performance.now() - w0) / 1000;
  const cpu = cpuBetween(s0, sampleCpu());
  const lat: number[] = [];
  const first: number[] = [];
  const spread: number[] = [];
  let missing = 0;
  for (const e of entries) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < e.a.n; i++) { const x = e.a.times[i]!; lat.push(x - e.t0); lo = Math.min(lo, x); hi = Math.max(hi, x); }
    if (e.a.n) { first.push(lo - e.t0); spread.push(hi - lo); }
    missing += clients - e.a.n;
  }
  lat.sort((x, y) => x - y);
  first.sort((x, y) => x - y);
  spread.sort((x, y) => x - y);
  ackMs.sort((x, y) => x - y);
  return { cpu, lat, first, spread, missing, ackMs, seconds, benchCpuPct: ((benchCpu() - b0) / seconds) * 100, hostCpuPct: netns.map((n, i) => ((nsCpuSeconds(n) - h0[i]!) / seconds) * 100) };
}
export interface Arrival { times: Float64Array; n: number }
export const arrival = (clients: number): Arrival => ({ times: new Float64Array(clients), n: 0 });


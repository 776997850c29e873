#!/usr/bin/env node
// `npm run bench:public` (node --import tsx bench/public.ts), issue 16. Three parts, one run:
// 1. A live-like HLS stream is encoded ONCE before any load (bench/public/encode.ts: testsrc2
//    + sine, the product's webcast encode settings, 1 s segments) and replayed in real time by
//    a child process (bench/public/replay.ts) as the product's ffmpeg would write it: a window
//    of 6 in index.m3u8, old segments deleted. No encoder runs during the load.
// 2. BENCH_VIEWERS (2000) viewers (bench/public/viewers.ts, a child process) pull that stream
//    for BENCH_SECONDS (30) from (a) a plain node:http + fs static server in a process of its
//    own (bench/public/static.ts) and (b) the product's GET /api/public/sittings/:id/live/:file
//    of an open public sitting, one after the other (A B B A over BENCH_HLS_ROUNDS), the same
//    viewers, the same replayed directory; then each flat out (bench/public/flood.ts). The product server is the real one
//    (startServer, the whole Koa app, real FerretDB) in THIS process, which during the HLS
//    phases does nothing else: its CPU is the serving process's CPU. Its live registry
//    (deps.webcast, the LiveWebcasts interface of server/src/webcast/live.ts, which the route
//    reads) points the sitting at WEBCAST_DIR/live/<sittingId>/, where the replayer writes:
//    the bench stands in for the WebcastService (mediasoup room → ffmpeg), nothing else.
// 3. Open-loop BENCH_RPS (200) requests/s for BENCH_PORTAL_SECONDS (20) on the portal's pages
//    and API (bench/public/portalLoad.ts, a child process), half of them revalidating with
//    If-None-Match, over a world made by the product's seed and its socket commands
//    (bench/public/dataset.ts).
// Prints the figures, the CPU model and the load average; one JSON line last.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Connection } from 'mongoose';
import { ROOT } from '../scripts/lib/util.mjs';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/log.js';
import { connectDb } from '../server/src/platform/db.js';
import { startServer, type RunningServer } from '../server/src/app/server.js';
import { openFileLimits } from '../test/helpers/serverProcess.js';
import { guardRun } from './lib/guardRun.js';
import { loadNow, machine } from './lib/machine.mjs';
import { startBenchDb } from './lib/benchDb.js';
import { cpuSeconds, median, r1, sleep } from './lib/procStats.js';
import { preEncode } from './public/encode.js';
import { buildDataset } from './public/dataset.js';
import { runChild, type Child } from './public/child.js';

const env = process.env;
const VIEWERS = Number(env.BENCH_VIEWERS || 2000);
const SECONDS = Number(env.BENCH_SECONDS || 30);
const RPS = Number(env.BENCH_RPS || 200);
const PORTAL_SECONDS = Number(env.BENCH_PORTAL_SECONDS || 20);
const SOURCE_SECONDS = Number(env.BENCH_SOURCE_SECONDS || 90);
const FLOOD_SECONDS = Number(env.BENCH_FLOOD_SECONDS ?? 10);
const FLOOD_CONNECTIONS = Number(env.BENCH_FLOOD_CONNECTIONS || 64);
const ROUNDS = Number(env.BENCH_HLS_ROUNDS || 2);
const TIMEOUT_MS = Number(env.BENCH_TIMEOUT_MS || 900_000);
const GOALS = { hlsRatioMin: 0.8, viewersStalledOver1Seg: 0, portalP99Ms: 100 };
const log = (msg: string) => console.log(msg);

{
  const { soft } = openFileLimits();
  if (soft < VIEWERS + 1024) { console.error(`bench:public needs ${VIEWERS + 1024} open files (soft limit ${soft}): ulimit -n ${VIEWERS + 1024}, or lower BENCH_VIEWERS.`); process.exit(2); }
}

let dataDir: string | null = null;
let ferret: ChildProcess | null = null;
let conn: Connection | null = null;
let serverConn: Connection | null = null;
let server: RunningServer | null = null;
let staticProc: ChildProcess | null = null;
let replay: Child | null = null;
let workDir: string | null = null;
const { cleanup: cleanupDb, watchdog } = guardRun('bench:public', TIMEOUT_MS, () => ({ dataDir, ferret, conn, server: null, sockets: [] }));
async function cleanup() {
  if (replay && replay.proc.exitCode === null) replay.proc.kill('SIGKILL');
  if (staticProc && staticProc.exitCode === null) staticProc.kill('SIGKILL');
  await server?.close().catch(() => {});
  server?.http.close();
  await serverConn?.close().catch(() => {});
  await cleanupDb();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

/** The baseline, a plain static file server in a process of its own (bench/public/static.ts); resolves with its port. */
function startStatic(dir: string): Promise<number> {
  staticProc = spawn(process.execPath, ['--import', 'tsx', 'bench/public/static.ts', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    staticProc!.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    staticProc!.once('exit', (code) => reject(new Error(`static server exited (${code})`)));
  });
}
/** CPU seconds of the process serving a phase: this one (the product) or the static server's. */
const productCpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const staticCpu = () => cpuSeconds(staticProc!.pid!);

interface Viewers {
  steady: { segmentsPerS: number; gbitPerS: number; expectedSegmentsPerS: number }; segmentsPerS: number; gbitPerS: number; errors: Record<string, number>;
  viewersStalledOver1Seg: number; viewersStalledAny: number; viewersNeverStarted: number; startupMs: unknown; viewersStartupOver4s: number; segmentMs: unknown; worstStallS: unknown; viewerProcessCpuPctOfOneCore: number;
}
/** One HLS phase: the viewers' child against `base`, and this (serving) process's CPU meanwhile. */
async function hlsPhase(name: string, base: string, cpu: () => number) {
  const la = loadNow()[0];
  const c0 = cpu(); const t0 = performance.now();
  const v = (await runChild('bench/public/viewers.ts', [base, String(VIEWERS), String(SECONDS)]).result) as Viewers;
  const cpuS = cpu() - c0; const wall = (performance.now() - t0) / 1000;
  const serverCpuPct = Math.round((cpuS / wall) * 100);
  const errs = Object.values(v.errors).reduce((a, b) => a + b, 0);
  log(`${name}: steady ${v.steady.segmentsPerS} segments/s (demand ${v.steady.expectedSegmentsPerS}), ${v.steady.gbitPerS} Gbit/s; whole run ${v.segmentsPerS} segments/s; segment p50/p99 ${JSON.stringify(v.segmentMs)} ms, ${errs} errors ${JSON.stringify(v.errors)}, ${v.viewersStalledOver1Seg}/${VIEWERS} viewers stalled > 1 segment (${v.viewersStalledAny} any, ${v.viewersNeverStarted} never started; start-up ${JSON.stringify(v.startupMs)} ms, ${v.viewersStartupOver4s} over 4 s); serving process CPU ${serverCpuPct} % of a core, viewers' ${v.viewerProcessCpuPctOfOneCore} %; load ${la}`);
  return { ...v, errorCount: errs, servingProcessCpuPctOfOneCore: serverCpuPct, cpuMsPerSegment: +((cpuS * 1e3) / Math.max(1, v.segmentsPerS * wall)).toFixed(2), loadAverage1mAtStart: la };
}

async function main() {
  const load0 = loadNow();
  const src = preEncode(SOURCE_SECONDS);
  const avgKbit = (src.segments.reduce((a, s) => a + s.bytes, 0) * 8) / src.segments.reduce((a, s) => a + s.duration, 0) / 1000;
  log(`source: ${src.segments.length} segments of ~1 s, ${Math.round(avgKbit)} kbit/s, ${src.reused ? 'reused from ' + src.dir : `encoded in ${r1(src.encodeSeconds)} s`}`);

  const db = await startBenchDb('public');
  ({ dataDir, ferret, conn } = db);
  workDir = mkdtempSync(join(tmpdir(), 'hdnd-bench-public-'));
  const withClient = existsSync(join(ROOT, 'client', 'dist', 'index.html'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', MONGODB_URI: db.mongoUri, SEED_DEMO: 'false', LOG_LEVEL: 'warn',
    CLIENT_DIST: withClient ? join(ROOT, 'client', 'dist') : '', WEBCAST: 'false', WEBCAST_DIR: join(workDir, 'webcast'),
    DOCUMENT_CACHE_DIR: join(workDir, 'docs'), SIGNING_KEY_DIR: join(workDir, 'keys'),
  });
  serverConn = await connectDb(db.mongoUri);
  server = await startServer({ config, log: createLogger('warn'), conn: serverConn, media: null });
  const t0 = performance.now();
  const data = await buildDataset(server, config, withClient);
  log(`dataset (${r1((performance.now() - t0) / 1000)} s, demo seed + a sitting played through the socket commands): ${JSON.stringify(data.summary)}`);

  // The live registry the public route reads: the open public sitting is on the air, served
  // from the directory its webcast would write to.
  const liveDir = join(config.WEBCAST_DIR, 'live', data.liveSittingId);
  mkdirSync(liveDir, { recursive: true });
  server.deps.webcast = { liveDir: (id) => (id === data.liveSittingId ? liveDir : null) };
  replay = runChild('bench/public/replay.ts', [liveDir], { BENCH_SOURCE_SECONDS: String(SOURCE_SECONDS) });
  while (readdirSync(liveDir).filter((f) => f.endsWith('.ts')).length < 6) await sleep(200);
  const staticPort = await startStatic(liveDir);

  const productBase = `${server.url}/api/public/sittings/${data.liveSittingId}/live/`;
  const bases = { static: `http://127.0.0.1:${staticPort}/`, product: productBase };
  const cpus_ = { static: staticCpu, product: productCpu };
  // Capacity: as fast as each can serve (bench/public/flood.ts).
  const flood = async (name: string, base: string, cpu: () => number) => {
    const c0 = cpu(); const t = performance.now();
    const f = (await runChild('bench/public/flood.ts', [base, String(FLOOD_CONNECTIONS), String(FLOOD_SECONDS)]).result) as { segmentsPerS: number; gbitPerS: number; errors: number };
    const cpuPct = Math.round(((cpu() - c0) / ((performance.now() - t) / 1000)) * 100);
    log(`${name} flat out (${FLOOD_CONNECTIONS} connections): ${f.segmentsPerS} segments/s, ${f.gbitPerS} Gbit/s, ${f.errors} errors; serving process CPU ${cpuPct} %`);
    return { ...f, servingProcessCpuPctOfOneCore: cpuPct };
  };
  // Rounds in A B B A order (static first in even rounds, the product first in odd ones), so
  // a load that rises or falls during the run weighs on both alike.
  type Live = Awaited<ReturnType<typeof hlsPhase>>;
  type Flat = Awaited<ReturnType<typeof flood>>;
  const live: Record<'static' | 'product', Live[]> = { static: [], product: [] };
  const flat: Record<'static' | 'product', Flat[]> = { static: [], product: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (['static', 'product'] as const) : (['product', 'static'] as const);
    for (const which of order) { await sleep(2000); live[which].push(await hlsPhase(`round ${r + 1}, ${which === 'static' ? 'static server' : 'product route'}`, bases[which], cpus_[which])); }
    if (FLOOD_SECONDS > 0) for (const which of order) { await sleep(2000); flat[which].push(await flood(`round ${r + 1}, ${which === 'static' ? 'static server' : 'product route'}`, bases[which], cpus_[which])); }
  }
  staticProc!.kill('SIGTERM'); staticProc = null;
  replay.proc.kill('SIGTERM');
  const replayFig = (await replay.result) as { written: number; lateMs: unknown };
  replay = null;
  server.deps.webcast = undefined;
  log(`replayer: ${replayFig.written} segments written, lateness ${JSON.stringify(replayFig.lateMs)} ms`);

  // The portal under open-loop load, targets checked first (the world also holds things that must stay hidden — e.g. the public documents of a closed-door sitting or a draft session; those answer 404 and are left out, named under notServed).
  const targets: typeof data.targets = [];
  const notServed: Array<{ path: string; weight: number }> = [];
  for (const t of data.targets) ((await fetch(server.url + t.path)).status === 200 ? targets : notServed).push(t);
  await sleep(2000);
  const la = loadNow()[0];
  const c0 = process.cpuUsage(); const f0 = cpuSeconds(ferret!.pid!); const p0 = performance.now();
  const portal = (await runChild('bench/public/portalLoad.ts', [server.url, String(RPS), String(PORTAL_SECONDS)], { BENCH_PORTAL_TARGETS: JSON.stringify(targets) }).result) as { latencyMs: { p50: number; p95: number; p99: number }; share304OfConditional: number; errors: number; [k: string]: unknown };
  const c = process.cpuUsage(c0); const wall = (performance.now() - p0) / 1000;
  const portalFig = { ...portal, paths: targets.length, notServed: notServed.map((t) => t.path), servingProcessCpuPctOfOneCore: Math.round(((c.user + c.system) / 1e6 / wall) * 100), ferretCpuPctOfOneCore: Math.round(((cpuSeconds(ferret!.pid!) - f0) / wall) * 100), loadAverage1mAtStart: la };
  log(`portal: ${portal.achievedRps as number} req/s over ${targets.length} paths, p50/p95/p99 ${portal.latencyMs.p50}/${portal.latencyMs.p95}/${portal.latencyMs.p99} ms, 304 on ${Math.round(portal.share304OfConditional * 100)} % of revalidations, ${portal.errors} errors; server CPU ${portalFig.servingProcessCpuPctOfOneCore} %, FerretDB ${portalFig.ferretCpuPctOfOneCore} %; load ${la}`);

  const summary = (v: Live) => ({
    steadySegmentsPerS: v.steady.segmentsPerS, demandSegmentsPerS: v.steady.expectedSegmentsPerS, steadyGbitPerS: v.steady.gbitPerS, segmentMs: v.segmentMs, errors: v.errors,
    viewersStalledOver1Seg: v.viewersStalledOver1Seg, viewersNeverStarted: v.viewersNeverStarted, startupMs: v.startupMs, viewersStartupOver4s: v.viewersStartupOver4s, worstStallS: v.worstStallS,
    servingCpuPctOfOneCore: v.servingProcessCpuPctOfOneCore, cpuMsPerSegment: v.cpuMsPerSegment, viewersCpuPctOfOneCore: v.viewerProcessCpuPctOfOneCore, load1mAtStart: v.loadAverage1mAtStart,
  });
  const ratios = live.product.map((p, i) => p.steady.segmentsPerS / live.static[i]!.steady.segmentsPerS);
  const ratio = +median(ratios).toFixed(3);
  const flatRatios = flat.product.map((p, i) => p.segmentsPerS / Math.max(1, flat.static[i]!.segmentsPerS));
  const stalled = { static: Math.max(...live.static.map((v) => v.viewersStalledOver1Seg)), product: Math.max(...live.product.map((v) => v.viewersStalledOver1Seg)) };
  const result = {
    bench: 'public',
    machine: machine(load0),
    source: { segments: src.segments.length, kbitPerS: Math.round(avgKbit), encodedBeforeLoad: true, replay: replayFig },
    hls: {
      viewers: VIEWERS, secondsPerPhase: SECONDS, rounds: ROUNDS,
      live: { static: live.static.map(summary), product: live.product.map(summary) },
      ratioProductToStatic: ratio, ratiosPerRound: ratios.map((x) => +x.toFixed(3)),
      cpuPerSegmentProductToStatic: +median(live.product.map((p, i) => p.cpuMsPerSegment / Math.max(0.001, live.static[i]!.cpuMsPerSegment))).toFixed(2),
      viewersStalledOver1SegWorstRound: stalled,
      flatOut: FLOOD_SECONDS > 0 ? { connections: FLOOD_CONNECTIONS, seconds: FLOOD_SECONDS, static: flat.static, product: flat.product, ratioProductToStatic: +median(flatRatios).toFixed(3), ratiosPerRound: flatRatios.map((x) => +x.toFixed(3)) } : null,
    },
    portal: portalFig,
    goals: GOALS,
    goalMet: {
      hlsRatio: ratio >= GOALS.hlsRatioMin,
      noStall: stalled.static === 0 && stalled.product === 0,
      portalP99: portal.latencyMs.p99 < GOALS.portalP99Ms && portal.errors === 0,
    },
  };
  log(`HLS: product/static ${ratio} at the live demand (goal ≥ ${GOALS.hlsRatioMin}), ${result.hls.flatOut?.ratioProductToStatic ?? '-'} flat out; CPU per segment product/static ${result.hls.cpuPerSegmentProductToStatic}; ${result.machine.cpu}, load ${result.machine.loadAverage.end.join(' ')}`);
  await cleanup();
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => { clearTimeout(watchdog); process.exit(code); },
  async (err) => {
    console.error('bench:public failed:', err instanceof Error ? err.stack : err);
    await cleanup();
    process.exit(1);
  },
);

#!/usr/bin/env node
// `npm run bench:media` (node --import tsx bench/media.ts): the media budget of one worker.
// 1. One mediasoup worker, one producer (a PlainTransport fed with generated VP8 RTP,
//    ~0.9 Mbit/s, key frame every second), and a rising number of consumers (SRTP
//    PlainTransports) until the worker uses one core: CPU per consumer, and the knee
//    (consumers per worker at one core, from a least-squares line through the steps).
//    First the project's worker, then — side by side, in the same run — the previous stack's
//    mediasoup 3.8.4 worker while its build is still in the cache (bench/media/legacy.ts).
// 2. Join-to-first-frame in Chromium on loopback (real server, client and worker).
// The last line printed is one JSON object with the figures.
// Settings: BENCH_MEDIA_STEPS (comma list), BENCH_MEDIA_SAMPLE_MS (4000), BENCH_MEDIA_WARMUP_MS
// (1500), BENCH_MEDIA_RUNS (5 first-frame runs), BENCH_MEDIA_PORTS (20000-29999).
import { loadNow, machine, machineLine } from './lib/machine.mjs';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as mediasoup from 'mediasoup';
import { measureConsumers, fit, benchWorkers, type MediasoupLib } from './media/consumers.js';
import { loadLegacyMediasoup, LEGACY_VERSION } from './media/legacy.js';
import { cachedWorkers, linkedLibraries, WORKER_BIN } from '../scripts/lib/worker.mjs';
import { measureFirstFrame } from './media/firstFrame.js';

const env = process.env;
const STEPS = (env.BENCH_MEDIA_STEPS ?? '50,100,200,300,400,500,600,800,1000,1200,1500,2000').split(',').map(Number);
const [MIN_PORT, MAX_PORT] = (env.BENCH_MEDIA_PORTS ?? '20000-29999').split('-').map(Number) as [number, number];
const RUNS = Number(env.BENCH_MEDIA_RUNS ?? 5);
const GOAL_CONSUMERS = 500;
const GOAL_FIRST_FRAME_MS = 1500;
const log = (s: string) => console.log(s);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const w of benchWorkers) w.close();
    process.exit(130);
  });
}

async function main() {
  const loadStart = loadNow();
  log(`bench:media — ${machineLine()} (other processes share these cores)`);
  log('1. consumers on one worker (synthetic VP8 ~0.9 Mbit/s each, SRTP, loopback)');
  const measure = async (label: string, lib?: MediasoupLib) => {
    log(`   ${label}`);
    const steps = await measureConsumers({
      steps: STEPS, warmupMs: Number(env.BENCH_MEDIA_WARMUP_MS ?? 1500), sampleMs: Number(env.BENCH_MEDIA_SAMPLE_MS ?? 4000),
      minPort: MIN_PORT, maxPort: MAX_PORT, log, ...(lib ? { lib } : {}),
    });
    const { cpuPerConsumerPct, knee } = fit(steps);
    const saturated = steps.some((s) => s.cpuPct >= 95);
    log(`   CPU per consumer: ${cpuPerConsumerPct} % of a core; knee: ~${knee} consumers per worker at one core${saturated ? '' : ' (extrapolated from the line: the worker did not reach a full core)'} (goal ≥ ${GOAL_CONSUMERS})`);
    return { cpuPerConsumerPct, knee, kneeExtrapolated: !saturated, steps };
  };
  const version = mediasoup.version;
  const current = { version, openssl: opensslOf(WORKER_BIN), ...(await measure(`mediasoup ${version} (${opensslOf(WORKER_BIN)}; links ${linkedLibraries(WORKER_BIN) || 'nothing shared'})`)) };
  const workers: Array<typeof current> = [current];
  const legacyLib = env.BENCH_MEDIA_LEGACY === '0' ? null : loadLegacyMediasoup(log);
  if (legacyLib) {
    const bin = cachedWorkers().find((w) => w.version === LEGACY_VERSION)!.path;
    workers.push({ version: LEGACY_VERSION, openssl: opensslOf(bin), ...(await measure(`mediasoup ${LEGACY_VERSION}, the previous stack (${opensslOf(bin)}, vendored)`, legacyLib)) });
    const old = workers[1]!;
    log(`   side by side: ${version} uses ${ratio(current.cpuPerConsumerPct, old.cpuPerConsumerPct)}× the CPU per consumer of ${LEGACY_VERSION}; knee ${current.knee} vs ${old.knee}`);
  } else {
    log(`   (no mediasoup ${LEGACY_VERSION} worker in the build cache: no side-by-side figures)`);
  }
  const { steps, cpuPerConsumerPct, knee } = current;
  const saturated = !current.kneeExtrapolated;
  log('2. join-to-first-frame in Chromium (viewer joins while the hall sends; loopback)');
  const runs = await measureFirstFrame(RUNS, log);
  const ok = runs.filter((r) => r >= 0).sort((a, b) => a - b);
  const median = ok.length ? ok[Math.floor(ok.length / 2)]! : -1;
  const max = ok.length ? ok[ok.length - 1]! : -1;
  log(`   first frame: median ${median} ms, max ${max} ms (goal < ${GOAL_FIRST_FRAME_MS} ms)`);
  const result = {
    bench: 'media',
    steps,
    mediasoup: version,
    cpuPerConsumerPctOfCore: cpuPerConsumerPct,
    kneeConsumersPerWorker: knee,
    kneeExtrapolated: !saturated,
    workers: workers.map((w) => ({ mediasoup: w.version, openssl: w.openssl, cpuPerConsumerPctOfCore: w.cpuPerConsumerPct, kneeConsumersPerWorker: w.knee, kneeExtrapolated: w.kneeExtrapolated, steps: w.steps })),
    ...(workers[1] ? { cpuPerConsumerRatioToLegacy: Number(ratio(current.cpuPerConsumerPct, workers[1].cpuPerConsumerPct)) } : {}),
    machine: machine(loadStart),
    firstFrameMs: { median, max, runs },
    goals: { consumersPerWorker: knee >= GOAL_CONSUMERS, firstFrame: median >= 0 && median < GOAL_FIRST_FRAME_MS },
  };
  console.log(JSON.stringify(result));
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(2);
}

/** The OpenSSL a worker runs: the system's libcrypto it links, or the copy compiled into it. */
function opensslOf(bin: string): string {
  const linked = linkedLibraries(bin).includes('libcrypto');
  let file = bin;
  if (linked) {
    const m = /libcrypto\.so\.\S+ => (\S+)/.exec(execFileSync('ldd', [bin], { encoding: 'utf8' }));
    if (m) file = m[1]!;
  }
  const v = /OpenSSL \d+\.\d+\.\d+[a-z]*(?:-\w+)? +\d+ \w+ \d{4}/.exec(readFileSync(file).toString('latin1'));
  return `${v ? v[0].replace(/ +/g, ' ') : 'OpenSSL ?'}${linked ? ', system' : ''}`;
}

main().then(() => process.exit(0), (err) => {
  console.error('bench:media failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});

#!/usr/bin/env node
// `npm run bench:media` (node --import tsx bench/media.ts): the media budget of one worker.
// 1. One mediasoup 3.8.4 worker, one producer (a PlainTransport fed with generated VP8 RTP,
//    ~0.9 Mbit/s, key frame every second), and a rising number of consumers (SRTP
//    PlainTransports) until the worker uses one core: CPU per consumer, and the knee
//    (consumers per worker at one core, from a least-squares line through the steps).
// 2. Join-to-first-frame in Chromium on loopback (real server, client and worker).
// The last line printed is one JSON object with the figures.
// Settings: BENCH_MEDIA_STEPS (comma list), BENCH_MEDIA_SAMPLE_MS (4000), BENCH_MEDIA_WARMUP_MS
// (1500), BENCH_MEDIA_RUNS (5 first-frame runs), BENCH_MEDIA_PORTS (20000-29999).
import { cpus, loadavg } from 'node:os';
import { measureConsumers, fit, benchWorkers } from './media/consumers.js';
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
  const loadStart = Math.round(loadavg()[0]! * 100) / 100;
  log(`bench:media — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0]!.toFixed(2)} (other processes share these cores)`);
  log('1. consumers on one worker (synthetic VP8 ~0.9 Mbit/s each, SRTP, loopback)');
  const steps = await measureConsumers({
    steps: STEPS, warmupMs: Number(env.BENCH_MEDIA_WARMUP_MS ?? 1500), sampleMs: Number(env.BENCH_MEDIA_SAMPLE_MS ?? 4000),
    minPort: MIN_PORT, maxPort: MAX_PORT, log,
  });
  const { cpuPerConsumerPct, knee } = fit(steps);
  const saturated = steps.some((s) => s.cpuPct >= 95);
  log(`   CPU per consumer: ${cpuPerConsumerPct} % of a core; knee: ~${knee} consumers per worker at one core${saturated ? '' : ' (extrapolated from the line: the worker did not reach a full core)'} (goal ≥ ${GOAL_CONSUMERS})`);
  log('2. join-to-first-frame in Chromium (viewer joins while the hall sends; loopback)');
  const runs = await measureFirstFrame(RUNS, log);
  const ok = runs.filter((r) => r >= 0).sort((a, b) => a - b);
  const median = ok.length ? ok[Math.floor(ok.length / 2)]! : -1;
  const max = ok.length ? ok[ok.length - 1]! : -1;
  log(`   first frame: median ${median} ms, max ${max} ms (goal < ${GOAL_FIRST_FRAME_MS} ms)`);
  const result = {
    bench: 'media',
    cores: cpus().length,
    steps,
    cpuPerConsumerPctOfCore: cpuPerConsumerPct,
    kneeConsumersPerWorker: knee,
    kneeExtrapolated: !saturated,
    loadAverage: { start: loadStart, end: Math.round(loadavg()[0]! * 100) / 100 },
    firstFrameMs: { median, max, runs },
    goals: { consumersPerWorker: knee >= GOAL_CONSUMERS, firstFrame: median >= 0 && median < GOAL_FIRST_FRAME_MS },
  };
  console.log(JSON.stringify(result));
}

main().then(() => process.exit(0), (err) => {
  console.error('bench:media failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});

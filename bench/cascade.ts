#!/usr/bin/env node
// `node --import tsx bench/cascade.ts`: a briefing cascaded between hosts (media/src/cascade).
// Two WorkerPools stand in for two hosts; their pipe link passes through a user-space relay
// (15 ms each way, 1 % loss each way: this kernel has no netem).
// 1. Inter-host bitrate per piped simulcast producer: BENCH_CASCADE_PRODUCERS hall cameras
//    (synthetic VP8, the client's three layers: 150 k + 500 k + 1.2 M caps, sender reports)
//    on the origin, offered to the edge; bytes sent by the origin's pipe end over a window,
//    RTX included.
// 2. Edge CPU per consumer, fed through the pipe vs fed locally: on the edge host, worker 0
//    holds a piped producer, worker 1 a local one (same feed); each gets N consumers on SRTP
//    PlainTransports (top layer, to the closed discard port) and its worker's CPU
//    (getResourceUsage ru_utime + ru_stime) is sampled without and with them; rounds alternate
//    between the two so background load hits both alike.
// The last line printed is one JSON object with the figures.
// Settings: BENCH_CASCADE_CONSUMERS (200), BENCH_CASCADE_PRODUCERS (3), BENCH_CASCADE_SAMPLE_MS
// (6000), BENCH_CASCADE_WARMUP_MS (2000), BENCH_CASCADE_ROUNDS (2), BENCH_CASCADE_DELAY_MS (15),
// BENCH_CASCADE_LOSS (0.01).
import { loadNow, machine, machineLine } from './lib/machine.mjs';
import type { types } from 'mediasoup';
import { WorkerPool } from '../media/src/WorkerPool.js';
import { MEDIA_CODECS } from '../media/src/codecs.js';
import { linkPair, type LinkPair } from '../media/src/cascade/linkKit.js';
import { feedProducer, plainConsumer, HALL_LAYERS_KBPS } from '../media/src/cascade/rtpFeed.js';

const env = process.env;
const CONSUMERS = Number(env.BENCH_CASCADE_CONSUMERS ?? 200);
const PRODUCERS = Number(env.BENCH_CASCADE_PRODUCERS ?? 3);
const SAMPLE_MS = Number(env.BENCH_CASCADE_SAMPLE_MS ?? 6000);
const WARMUP_MS = Number(env.BENCH_CASCADE_WARMUP_MS ?? 2000);
const ROUNDS = Number(env.BENCH_CASCADE_ROUNDS ?? 2);
const DELAY_MS = Number(env.BENCH_CASCADE_DELAY_MS ?? 15);
const LOSS = Number(env.BENCH_CASCADE_LOSS ?? 0.01);
const log = (s: string) => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const pools: WorkerPool[] = [];
const stops: Array<() => void> = [];
function cleanup(): void {
  for (const s of stops.splice(0)) { try { s(); } catch { /* already closed */ } }
  for (const p of pools) p.close();
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { cleanup(); process.exit(130); });

const listen = { ip: '127.0.0.1', portRange: { min: 30000, max: 39999 } };
async function pool(size: number): Promise<WorkerPool> {
  const p = await WorkerPool.create({ size, listen, logLevel: 'error' });
  pools.push(p);
  return p;
}

/** CPU time of a worker (ms, user + system). */
async function cpuMs(worker: types.Worker): Promise<number> {
  const u = await worker.getResourceUsage();
  return u.ru_utime + u.ru_stime;
}

/** A worker's CPU over the sample window, in ms of CPU per second. */
async function cpuRate(worker: types.Worker): Promise<number> {
  await sleep(WARMUP_MS);
  const c0 = await cpuMs(worker);
  const t0 = performance.now();
  await sleep(SAMPLE_MS);
  return ((await cpuMs(worker)) - c0) / ((performance.now() - t0) / 1000);
}

/** N consumers of `producerId` on SRTP PlainTransports; returns a closer. */
async function consumers(router: types.Router, producerId: string, n: number): Promise<{ close(): void; consumers: types.Consumer[] }> {
  const made: Array<{ consumer: types.Consumer; transport: types.PlainTransport }> = [];
  for (let i = 0; i < n; i++) made.push(await plainConsumer(router, producerId, 9, true));
  return { consumers: made.map((m) => m.consumer), close() { for (const m of made) m.transport.close(); } };
}

async function linkBitrate(pair: LinkPair) {
  const [s0] = await pair.a.link.transport.getStats();
  const r0 = pair.relay!.stats();
  const t0 = performance.now();
  await sleep(SAMPLE_MS);
  const [s1] = await pair.a.link.transport.getStats();
  const r1 = pair.relay!.stats();
  const seconds = (performance.now() - t0) / 1000;
  const kbps = (bytes: number) => (bytes * 8) / seconds / 1000;
  const dropped = r1.dropped - r0.dropped;
  const forwarded = r1.forwarded - r0.forwarded;
  return {
    sentKbps: kbps(s1!.bytesSent - s0!.bytesSent),
    rtxKbps: kbps(s1!.rtxBytesSent - s0!.rtxBytesSent),
    receivedKbps: kbps(s1!.bytesReceived - s0!.bytesReceived),
    rttMs: s1!.roundTripTime ?? null,
    relayLossPct: (100 * dropped) / Math.max(1, dropped + forwarded),
  };
}

async function main() {
  const loadStart = loadNow();
  log(`bench:cascade — ${machineLine()} (other processes share these cores)`);
  const origin = await pool(1);
  const edge = await pool(2);
  const originRouter = await origin.workers()[0]!.createRouter({ mediaCodecs: MEDIA_CODECS });
  const [edgeWorker, localWorker] = edge.workers() as [types.Worker, types.Worker];
  const edgeRouter = await edgeWorker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const localRouter = await localWorker.createRouter({ mediaCodecs: MEDIA_CODECS });

  const pair = await linkPair(originRouter, edgeRouter, { relay: { delayMs: DELAY_MS, lossRate: LOSS, seed: 1 } });
  stops.push(() => pair.close());
  const hall: types.Producer[] = [];
  for (let i = 0; i < PRODUCERS; i++) {
    const f = await feedProducer(originRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
    stops.push(() => f.stop());
    hall.push(f.producer);
    await pair.a.offer(f.producer);
  }
  await pair.settled();
  const layersKbps = HALL_LAYERS_KBPS.reduce((a, b) => a + b, 0);
  log(`1. inter-host bitrate: ${PRODUCERS} piped simulcast producers (layers ${HALL_LAYERS_KBPS.join(' + ')} kbit/s), relay ${DELAY_MS} ms each way, ${LOSS * 100} % loss each way`);
  await sleep(WARMUP_MS);
  const link = await linkBitrate(pair);
  const perProducerKbps = link.sentKbps / PRODUCERS;
  log(`   origin → edge ${round(link.sentKbps)} kbit/s (${round(perProducerKbps)} per producer, of which RTX ${round(link.rtxKbps / PRODUCERS)}; layers' payload ${layersKbps}); edge → origin (RTCP) ${round(link.receivedKbps)} kbit/s`);
  log(`   relay: RTT on the link ${link.rttMs} ms, ${round(link.relayLossPct, 2)} % of packets dropped`);
  const edgeLoss = { lost: 0, repaired: 0, packets: 0 };
  for (const p of pair.b.received().values()) for (const s of await p.getStats()) { edgeLoss.lost += s.packetsLost; edgeLoss.repaired += s.packetsRepaired; edgeLoss.packets += s.packetCount; }
  log(`   edge copies: ${edgeLoss.packets} packets, ${edgeLoss.lost} lost on the wire, ${edgeLoss.repaired} repaired by RTX`);

  log(`2. edge CPU per consumer, ${CONSUMERS} consumers (SRTP PlainTransports, top layer), piped vs local producer`);
  const local = await feedProducer(localRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
  stops.push(() => local.stop());
  const piped = pair.b.received().get(hall[0]!.id)!;
  const setups = [
    { name: 'piped', worker: edgeWorker, router: edgeRouter, producerId: piped.id, base: [] as number[], loaded: [] as number[] },
    { name: 'local', worker: localWorker, router: localRouter, producerId: local.producer.id, base: [] as number[], loaded: [] as number[] },
  ];
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of setups) {
      s.base.push(await cpuRate(s.worker));
      const c = await consumers(s.router, s.producerId, CONSUMERS);
      s.loaded.push(await cpuRate(s.worker));
      const sample = (await c.consumers[0]!.getStats()).find((x) => x.type === 'outbound-rtp');
      c.close();
      log(`   round ${r + 1}, ${s.name}: worker ${round(s.base.at(-1)!)} ms CPU/s without consumers, ${round(s.loaded.at(-1)!)} with ${CONSUMERS} (a consumer sends ${round((sample?.bitrate ?? 0) / 1000)} kbit/s)`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const perConsumer = (s: (typeof setups)[number]) => (mean(s.loaded) - mean(s.base)) / CONSUMERS;
  const [pipedSetup, localSetup] = setups as [(typeof setups)[number], (typeof setups)[number]];
  const pipedPer = perConsumer(pipedSetup);
  const localPer = perConsumer(localSetup);
  log(`   per consumer: piped ${round(pipedPer, 3)} ms CPU/s, local ${round(localPer, 3)} ms CPU/s (ratio ${round(pipedPer / localPer, 2)}); feeding the worker: piped ${round(mean(pipedSetup.base) / PRODUCERS)} ms CPU/s per producer, local ${round(mean(localSetup.base))}`);

  const result = {
    bench: 'cascade',
    machine: machine(loadStart),
    relay: { delayMsEachWay: DELAY_MS, lossRateEachWay: LOSS, linkRttMs: link.rttMs, droppedPct: round(link.relayLossPct, 2) },
    interHost: {
      producers: PRODUCERS,
      layersKbps: [...HALL_LAYERS_KBPS],
      kbpsPerProducer: round(perProducerKbps),
      rtxKbpsPerProducer: round(link.rtxKbps / PRODUCERS, 2),
      rtcpBackKbps: round(link.receivedKbps, 2),
      edgePacketsLost: edgeLoss.lost,
      edgePacketsRepaired: edgeLoss.repaired,
    },
    edgeCpu: {
      consumers: CONSUMERS,
      rounds: ROUNDS,
      sampleMs: SAMPLE_MS,
      pipedMsCpuPerSecPerConsumer: round(pipedPer, 4),
      localMsCpuPerSecPerConsumer: round(localPer, 4),
      pipedToLocalRatio: round(pipedPer / localPer, 2),
      pipedWorkerMsCpuPerSec: { base: round(mean(pipedSetup.base)), loaded: round(mean(pipedSetup.loaded)) },
      localWorkerMsCpuPerSec: { base: round(mean(localSetup.base)), loaded: round(mean(localSetup.loaded)) },
    },
  };
  cleanup();
  console.log(JSON.stringify(result));
}

main().then(() => process.exit(0), (err) => {
  console.error('bench:cascade failed:', err instanceof Error ? err.stack : err);
  cleanup();
  process.exit(1);
});

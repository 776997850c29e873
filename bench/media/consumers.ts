import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../media/src/codecs.js';
import { RtpSource } from './rtpSource.js';

const CLK_TCK = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; } })();
const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the bench calls on a mediasoup library; 3.8.4's and the current one's agree on it. */
export type MediasoupLib = Pick<typeof mediasoup, 'createWorker'>;

/** Workers this bench started, for the signal handler to stop (a killed parent leaves them running). */
export const benchWorkers = new Set<types.Worker>();

export interface Step {
  consumers: number;
  /** Worker CPU time over the sample, as % of one core. */
  cpuPct: number;
  forwardedMbps: number;
  /** Forwarded less than 90 % of what the consumers should get: the worker was starved of CPU. */
  starved: boolean;
}

/**
 * One worker, one producer (a PlainTransport fed with generated VP8 RTP) and a rising number
 * of consumers, each on its own SRTP PlainTransport sending to a closed loopback port (the
 * kernel drops the packets: no reader competes with the worker for the two cores). Stops at
 * the first step where the worker uses a whole core.
 */
export async function measureConsumers(opts: {
  steps: number[]; warmupMs: number; sampleMs: number; minPort: number; maxPort: number; log: (s: string) => void;
  /** The mediasoup library driving the worker (default: the project's; bench/media/legacy.ts loads 3.8.4). */
  lib?: MediasoupLib;
}): Promise<Step[]> {
  const lib = opts.lib ?? mediasoup;
  // rtcMinPort/rtcMaxPort: deprecated in current 3.x for WebRTC (WebRtcServer) but still what
  // plain transports without a port draw from, in both versions.
  const worker = await lib.createWorker({ logLevel: 'error', rtcMinPort: opts.minPort, rtcMaxPort: opts.maxPort });
  benchWorkers.add(worker);
  const source = new RtpSource(0x1234abcd, 101);
  try {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const ingress = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const video = await ingress.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
        encodings: [{ ssrc: 0x1234abcd }],
      },
      keyFrameRequestDelay: 1000,
    });
    source.start(ingress.tuple.localPort);
    const transports: types.PlainTransport[] = [];
    const out: Step[] = [];
    for (const target of opts.steps) {
      const buildUntil = performance.now() + 60_000;
      try {
        while (transports.length < target) {
          if (performance.now() > buildUntil) throw new Error('60 s were not enough to add the consumers');
          const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false, enableSrtp: true });
          // Port 9 (discard) is closed on loopback: packets are dropped by the kernel.
          await t.connect({ ip: '127.0.0.1', port: 9, srtpParameters: t.srtpParameters! });
          await t.consume({ producerId: video.id, rtpCapabilities: router.rtpCapabilities });
          transports.push(t);
        }
      } catch (err) {
        // A worker too busy to answer its channel within mediasoup's timeout is saturated.
        opts.log(`  ${String(target).padStart(5)} consumers: not reached — the worker stopped answering (${(err as Error).message}) at ${transports.length}`);
        break;
      }
      await sleep(opts.warmupMs);
      let step: Step;
      try {
        step = await sample(worker.pid, video, transports, target, opts.sampleMs);
      } catch (err) {
        opts.log(`  ${String(target).padStart(5)} consumers: not measured — the worker stopped answering (${(err as Error).message})`);
        break;
      }
      out.push(step);
      opts.log(`  ${String(target).padStart(5)} consumers: worker CPU ${step.cpuPct.toFixed(1).padStart(5)} % of a core, forwarding ${step.forwardedMbps} Mbit/s${step.starved ? ' (starved: under 90 % of the expected rate)' : ''}`);
      // A worker near a full core is saturated: more consumers only queue.
      if (step.cpuPct >= 95) break;
    }
    return out;
  } finally {
    source.stop();
    worker.close();
    benchWorkers.delete(worker);
  }
}

async function sample(pid: number, video: types.Producer, transports: types.PlainTransport[], consumers: number, sampleMs: number): Promise<Step> {
  const sampled = transports.slice(0, 20);
  const bytes0 = await sentBytes(sampled);
  const c0 = cpuTicks(pid);
  const t0 = performance.now();
  await sleep(sampleMs);
  const seconds = (performance.now() - t0) / 1000;
  const cpuPct = ((cpuTicks(pid) - c0) / CLK_TCK / seconds) * 100;
  const perConsumerBps = (((await sentBytes(sampled)) - bytes0) * 8) / (sampled.length * seconds);
  const sourceBps = (await video.getStats())[0]?.bitrate ?? 0;
  return {
    consumers,
    cpuPct: Math.round(cpuPct * 10) / 10,
    forwardedMbps: Math.round((perConsumerBps * consumers) / 1e5) / 10,
    starved: perConsumerBps < 0.9 * sourceBps,
  };
}

async function sentBytes(ts: types.PlainTransport[]): Promise<number> {
  let n = 0;
  for (const t of ts) for (const s of await t.getStats()) n += s.bytesSent;
  return n;
}

/** % of a core per consumer (least-squares slope through the steps) and where the line crosses one core. */
export function fit(all: Step[]): { cpuPerConsumerPct: number; knee: number } {
  // Starved steps did less work than their consumer count says: leave them out when others remain.
  const fed = all.filter((s) => !s.starved);
  const steps = fed.length >= 2 ? fed : all;
  const n = steps.length;
  if (n === 0) return { cpuPerConsumerPct: NaN, knee: NaN };
  const mx = steps.reduce((a, s) => a + s.consumers, 0) / n;
  const my = steps.reduce((a, s) => a + s.cpuPct, 0) / n;
  const sxx = steps.reduce((a, s) => a + (s.consumers - mx) ** 2, 0);
  const sxy = steps.reduce((a, s) => a + (s.consumers - mx) * (s.cpuPct - my), 0);
  const slope = sxx > 0 ? sxy / sxx : my / Math.max(1, mx);
  const intercept = my - slope * mx;
  return { cpuPerConsumerPct: Math.round(slope * 10000) / 10000, knee: Math.floor((100 - intercept) / slope) };
}

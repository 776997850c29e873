import type { types } from 'mediasoup';
import { Cascade } from './Cascade.js';
import { startUdpRelay, type UdpRelay } from './udpRelay.js';
import type { CascadeMessage } from './messages.js';
import type { WorkerPool } from '../WorkerPool.js';
import { testPool } from '../testKit.js';
import { MEDIA_CODECS } from '../codecs.js';

/**
 * For tests and benches: the two ends of a link, `a` on one router and `b` on another
 * (another WorkerPool stands in for another host), their messages carried as JSON in order
 * (as the server would over Redis), optionally through a relay that delays and drops packets.
 */
export interface LinkPair {
  a: Cascade;
  b: Cascade;
  relay: UdpRelay | null;
  /** Messages carried so far, in order, with their direction. */
  log: Array<{ to: 'a' | 'b'; message: CascadeMessage }>;
  /** Resolves once every message sent so far has been handled. */
  settled(): Promise<void>;
  close(): void;
}

export async function linkPair(routerA: types.Router, routerB: types.Router, opts: {
  relay?: { delayMs: number; lossRate: number; seed?: number };
  enableRtx?: boolean;
  /** Rewrites a message on its way (to break things on purpose). */
  tamper?: (to: 'a' | 'b', message: CascadeMessage) => CascadeMessage;
} = {}): Promise<LinkPair> {
  const log: LinkPair['log'] = [];
  let relay: UdpRelay | null = null;
  let tail: Promise<void> = Promise.resolve();
  const ends: { a?: Cascade; b?: Cascade } = {};
  const carry = (to: 'a' | 'b') => (message: CascadeMessage) => {
    let m = JSON.parse(JSON.stringify(message)) as CascadeMessage;
    // Both ends send to the relay when there is one (each takes packets only from where it sends).
    if (relay && m.type === 'link') m = { ...m, endpoint: { ...m.endpoint, ip: '127.0.0.1', port: relay.port } };
    if (opts.tamper) m = opts.tamper(to, m);
    log.push({ to, message: m });
    tail = tail.then(() => ends[to]!.handle(m)).catch((err: unknown) => { console.error('cascade message failed', m.type, err); });
  };
  const common = { listenIp: '127.0.0.1', enableRtx: opts.enableRtx ?? true };
  ends.a = await Cascade.create(routerA, { ...common, send: carry('b') });
  ends.b = await Cascade.create(routerB, { ...common, linkId: ends.a.linkId, send: carry('a') });
  if (opts.relay) {
    const { ip, port } = ends.b.local();
    relay = await startUdpRelay({ listenIp: '127.0.0.1', target: { ip, port }, ...opts.relay });
  }
  const { a, b } = ends as { a: Cascade; b: Cascade };
  b.announce();
  a.announce();
  await tail;
  return {
    a, b, relay, log,
    settled: async () => { let t; do { t = tail; await t; } while (t !== tail); },
    close() { a.close(); b.close(); relay?.close(); },
  };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** For tests: two "hosts" (a worker pool each) with a router each, and their closing. */
export async function twoHosts(): Promise<{ a: WorkerPool; b: WorkerPool; ra: types.Router; rb: types.Router; close(): void }> {
  const a = await testPool(1);
  const b = await testPool(1);
  const ra = await a.workers()[0]!.createRouter({ mediaCodecs: MEDIA_CODECS });
  const rb = await b.workers()[0]!.createRouter({ mediaCodecs: MEDIA_CODECS });
  return { a, b, ra, rb, close: () => { a.close(); b.close(); } };
}

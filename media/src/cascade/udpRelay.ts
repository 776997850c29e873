import { createSocket } from 'node:dgram';

export interface UdpRelayOptions {
  /** Where the relay listens (both link ends send to it). */
  listenIp: string;
  /** Side B: the end the relay forwards side A's packets to (its real address). */
  target: { ip: string; port: number };
  /** Added to every packet, each way (15 → 30 ms RTT). */
  delayMs: number;
  /** Share of packets dropped, each way (0.01 = 1 %). */
  lossRate: number;
  /** For a repeatable drop pattern. */
  seed?: number;
}

export interface UdpRelayStats {
  forwarded: number;
  dropped: number;
  /** From side B before side A sent anything: nowhere to send them. */
  unrouted: number;
}

export interface UdpRelay {
  port: number;
  stats(): UdpRelayStats;
  close(): void;
}

/** A small seeded PRNG (mulberry32): the same seed drops the same packets of a sequence. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * For tests and benches (this kernel has no netem): a UDP relay between two pipe ends that
 * delays and drops packets. One socket: what comes from `target` goes to side A (whoever sent
 * the first packet that did not come from `target`), everything else goes to `target`. Both
 * ends connect to the relay's address, as a pipe end takes packets only from the address it
 * connected to.
 */
export function startUdpRelay(opts: UdpRelayOptions): Promise<UdpRelay> {
  const sock = createSocket('udp4');
  const rand = random(opts.seed ?? 1);
  const timers = new Set<NodeJS.Timeout>();
  const stats: UdpRelayStats = { forwarded: 0, dropped: 0, unrouted: 0 };
  let sideA: { ip: string; port: number } | null = null;
  let closed = false;
  sock.on('message', (msg, from) => {
    const fromTarget = from.address === opts.target.ip && from.port === opts.target.port;
    if (!fromTarget && !sideA) sideA = { ip: from.address, port: from.port };
    const to = fromTarget ? sideA : opts.target;
    if (!to) { stats.unrouted += 1; return; }
    if (rand() < opts.lossRate) { stats.dropped += 1; return; }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      stats.forwarded += 1;
      sock.send(msg, to.port, to.ip);
    }, opts.delayMs);
    timers.add(timer);
  });
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, opts.listenIp, () => {
      sock.off('error', reject);
      sock.on('error', () => { /* a send to a closed port: the packet is lost, as on a network */ });
      resolve({
        port: sock.address().port,
        stats: () => ({ ...stats }),
        close() {
          if (closed) return;
          closed = true;
          for (const t of timers) clearTimeout(t);
          timers.clear();
          sock.close();
        },
      });
    });
  });
}

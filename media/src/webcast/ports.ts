import { createSocket } from 'node:dgram';

const reserved = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => { s.close(); resolve(false); });
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * An even UDP port on 127.0.0.1 whose odd neighbour is free too (ffmpeg's SDP input opens
 * port + 1 for RTCP), not handed out before by this process until released.
 */
export async function reservePortPair(range: { min: number; max: number }): Promise<number> {
  const span = Math.floor((range.max - range.min) / 2);
  for (let i = 0; i < 200; i++) {
    const port = range.min + 2 * Math.floor(Math.random() * span) + (range.min % 2);
    if (reserved.has(port) || port + 1 > range.max) continue;
    if ((await bindable(port)) && (await bindable(port + 1))) {
      reserved.add(port);
      return port;
    }
  }
  throw new Error(`no free UDP port pair in ${range.min}-${range.max}`);
}

export function releasePortPair(port: number): void {
  reserved.delete(port);
}

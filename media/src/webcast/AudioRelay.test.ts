import { describe, it, expect, afterEach } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { AudioRelay } from './AudioRelay.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Pkt = { pt: number; seq: number; ts: number; ssrc: number; payload: Buffer };
const parse = (b: Buffer): Pkt => ({ pt: b[1]! & 0x7f, seq: b.readUInt16BE(2), ts: b.readUInt32BE(4), ssrc: b.readUInt32BE(8), payload: b.subarray(12) });
function rtp(ssrc: number, seq: number, ts: number, pt = 111): Buffer {
  const b = Buffer.alloc(12 + 4);
  b[0] = 0x80; b[1] = pt; b.writeUInt16BE(seq, 2); b.writeUInt32BE(ts, 4); b.writeUInt32BE(ssrc, 8);
  b.write('opus', 12);
  return b;
}

const open: Array<{ close(): void }> = [];
afterEach(() => { open.splice(0).forEach((o) => o.close()); });

async function rig() {
  const sink: Socket = createSocket('udp4');
  const got: Pkt[] = [];
  sink.on('message', (m) => got.push(parse(m)));
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  const relay = new AudioRelay(sink.address().port, 100);
  const port = await relay.start();
  const src = createSocket('udp4');
  open.push(sink, relay, src);
  const send = (b: Buffer) => new Promise<void>((r) => src.send(b, port, '127.0.0.1', () => r()));
  return { got, send };
}

describe('AudioRelay: one continuous Opus stream in front of an ffmpeg input', () => {
  it('sends 20 ms silence frames while no source sends (about 50 a second), in sequence, 960 samples apart', async () => {
    const { got } = await rig();
    const t0 = performance.now();
    await sleep(500);
    // Silent from the start (no source yet): one frame per 20 ms of wall time.
    const due = (performance.now() - t0) / 20;
    expect(got.length).toBeGreaterThanOrEqual(due - 8);
    expect(got.length).toBeLessThanOrEqual(due + 8);
    expect(new Set(got.map((p) => p.ssrc)).size).toBe(1);
    for (let i = 1; i < got.length; i++) {
      expect((got[i]!.seq - got[i - 1]!.seq) & 0xffff).toBe(1);
      expect((got[i]!.ts - got[i - 1]!.ts) >>> 0).toBe(960);
    }
    expect(got.every((p) => p.pt === 100 && p.payload.equals(Buffer.from([0xf8, 0xff, 0xfe])))).toBe(true);
  });

  it('forwards each source as one stream: its own SSRC, its payload type and sequence rewritten, timestamps running on across a switch; RTCP dropped', async () => {
    const { got, send } = await rig();
    for (let i = 0; i < 5; i++) { await send(rtp(0xaaaa, 1000 + i, 500_000 + i * 960)); await sleep(20); }
    await send(Buffer.from([0x80, 200, 0, 6, ...Buffer.alloc(24)])); // an RTCP sender report
    for (let i = 0; i < 5; i++) { await send(rtp(0xbbbb, 7 + i, 9_000_000 + i * 960)); await sleep(20); }
    await sleep(30);
    const forwarded = got.filter((p) => p.payload.toString() === 'opus');
    expect(forwarded).toHaveLength(10);
    const all = got.slice(got.indexOf(forwarded[0]!));
    expect(new Set(all.map((p) => p.ssrc)).size).toBe(1);
    for (let i = 1; i < all.length; i++) {
      expect((all[i]!.seq - all[i - 1]!.seq) & 0xffff).toBe(1);
      expect(((all[i]!.ts - all[i - 1]!.ts) | 0)).toBeGreaterThan(0);
    }
    // The switch: the second source's first packet follows the first source's last by one frame.
    expect((forwarded[5]!.ts - forwarded[4]!.ts) >>> 0).toBe(960);
    expect(forwarded.every((p) => p.pt === 100)).toBe(true);
  });
});

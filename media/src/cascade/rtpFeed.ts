import { createSocket, type Socket } from 'node:dgram';
import type { types } from 'mediasoup';

/** One RTP stream of a synthetic sender: a VP8 layer (key frame every second) or Opus-sized audio. */
export interface FeedStream { ssrc: number; kbps: number; kind: 'video' | 'audio' }

/** The client's simulcast for the hall camera (client/src/lib/media/encodings.ts): 150k, 500k, 1.2M. */
export const HALL_LAYERS_KBPS = [150, 500, 1200] as const;

const VP8_PT = 101;
const OPUS_PT = 100;
const NACK_PLI = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }];

/**
 * For tests and benches: RTP made up in JS — VP8 payload descriptors mediasoup parses (key
 * frames, picture ids), or 20 ms audio packets — sent from one socket (a comedia
 * PlainTransport takes packets from one address only) at about the given bitrates. Far
 * cheaper than encoders on two cores; the payload is not decodable video.
 */
export class RtpFeed {
  readonly #sock: Socket = createSocket('udp4');
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #t0 = performance.now();
  /** Per SSRC: packets and payload octets sent (for the sender reports). */
  readonly #sent = new Map<number, { packets: number; octets: number }>();

  constructor(readonly port: number, readonly streams: FeedStream[]) {
    for (const s of streams) {
      this.#sent.set(s.ssrc, { packets: 0, octets: 0 });
      this.#timers.push(s.kind === 'video' ? this.#video(s) : this.#audio(s));
    }
    // Sender reports tie each stream's RTP clock to wall time: a simulcast consumer needs them
    // to switch layers (it aligns the layers' timestamps through them).
    this.#timers.push(setInterval(() => { for (const s of streams) this.#senderReport(s); }, 500));
  }

  /** The RTP timestamp of now, on a stream's clock (all streams start together). */
  #rtpTs(clockRate: number): number {
    return Math.round(((performance.now() - this.#t0) / 1000) * clockRate) >>> 0;
  }

  #send(ssrc: number, b: Buffer): void {
    const n = this.#sent.get(ssrc)!;
    n.packets += 1;
    n.octets += b.length - 12;
    this.#sock.send(b, this.port, '127.0.0.1');
  }

  #senderReport(s: FeedStream): void {
    const b = Buffer.alloc(28);
    b[0] = 0x80;
    b[1] = 200;
    b.writeUInt16BE(6, 2);
    b.writeUInt32BE(s.ssrc, 4);
    const ms = Date.now() + 2_208_988_800_000; // NTP epoch: 1900
    b.writeUInt32BE(Math.floor(ms / 1000) >>> 0, 8);
    b.writeUInt32BE(Math.floor(((ms % 1000) / 1000) * 2 ** 32) >>> 0, 12);
    b.writeUInt32BE(this.#rtpTs(s.kind === 'video' ? 90000 : 48000), 16);
    const n = this.#sent.get(s.ssrc)!;
    b.writeUInt32BE(n.packets >>> 0, 20);
    b.writeUInt32BE(n.octets >>> 0, 24);
    this.#sock.send(b, this.port, '127.0.0.1');
  }

  #video(s: FeedStream): NodeJS.Timeout {
    const fps = 30;
    const bytesPerFrame = Math.round((s.kbps * 1000) / 8 / fps);
    let seq = Math.floor(Math.random() * 0xffff);
    let frame = 0;
    return setInterval(() => {
      const key = frame % fps === 0;
      const ts = this.#rtpTs(90000);
      let left = bytesPerFrame;
      let first = true;
      while (left > 0) {
        const size = Math.min(1100, left);
        left -= size;
        const b = Buffer.alloc(12 + Math.max(size, 8));
        header(b, VP8_PT, left === 0, seq, ts, s.ssrc);
        seq = (seq + 1) & 0xffff;
        // VP8 payload descriptor (RFC 7741) with a 15-bit PictureID; S on a frame's first packet.
        const pictureId = frame & 0x7fff;
        b[12] = 0x80 | (first ? 0x10 : 0);
        b[13] = 0x80;
        b[14] = 0x80 | (pictureId >> 8);
        b[15] = pictureId & 0xff;
        if (first) b[16] = key ? 0x00 : 0x01; // bit 0 clear: key frame
        this.#send(s.ssrc, b);
        first = false;
      }
      frame += 1;
    }, 1000 / fps);
  }

  #audio(s: FeedStream): NodeJS.Timeout {
    const bytes = Math.max(20, Math.round((s.kbps * 1000) / 8 / 50));
    let seq = 0;
    return setInterval(() => {
      const ts = this.#rtpTs(48000);
      const b = Buffer.alloc(12 + bytes, 0x55);
      header(b, OPUS_PT, true, seq, ts, s.ssrc);
      b[12] = 0xfc; // Opus TOC: CELT FB 20 ms, one frame
      seq = (seq + 1) & 0xffff;
      this.#send(s.ssrc, b);
    }, 20);
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#sock.close();
  }
}

function header(b: Buffer, pt: number, marker: boolean, seq: number, ts: number, ssrc: number): void {
  b[0] = 0x80;
  b[1] = (marker ? 0x80 : 0) | pt;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts, 4);
  b.writeUInt32BE(ssrc, 8);
}

/**
 * A producer on `router` fed by an RtpFeed through a comedia PlainTransport: VP8 with one
 * encoding per layer (simulcast, SSRCs `ssrcBase + i`) or, with no layers, Opus.
 */
export async function feedProducer(router: types.Router, opts: { kind: 'video'; layersKbps: readonly number[]; ssrcBase?: number } | { kind: 'audio'; kbps?: number; ssrcBase?: number }): Promise<{ producer: types.Producer; transport: types.PlainTransport; stop(): void }> {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const base = opts.ssrcBase ?? 0x10000000 + Math.floor(Math.random() * 0x0fffffff);
  const streams: FeedStream[] = opts.kind === 'video'
    ? opts.layersKbps.map((kbps, i) => ({ ssrc: base + i, kbps, kind: 'video' as const }))
    : [{ ssrc: base, kbps: opts.kbps ?? 64, kind: 'audio' as const }];
  const producer = await transport.produce(opts.kind === 'video'
    ? {
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000, rtcpFeedback: NACK_PLI }], encodings: streams.map((s) => ({ ssrc: s.ssrc })) },
      appData: { source: 'camera' },
    }
    : {
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }], encodings: streams.map((s) => ({ ssrc: s.ssrc })) },
      appData: { source: 'mic' },
    });
  const feed = new RtpFeed(transport.tuple.localPort, streams);
  return { producer, transport, stop() { feed.stop(); transport.close(); } };
}

/**
 * A consumer of `producerId` on `router`, on a PlainTransport sending to `port` on loopback
 * (a socket of the caller's, or 9, the closed discard port: the kernel drops the packets).
 * No bandwidth estimation: nobody answers with receiver reports, so an estimate would stay
 * at its start value and cap the layers; the preferred layer is what is sent.
 */
export async function plainConsumer(router: types.Router, producerId: string, port = 9, srtp = false): Promise<{ consumer: types.Consumer; transport: types.PlainTransport }> {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false, enableSrtp: srtp, enableBwe: false });
  await transport.connect({ ip: '127.0.0.1', port, ...(srtp ? { srtpParameters: transport.srtpParameters! } : {}) });
  const consumer = await transport.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
  return { consumer, transport };
}

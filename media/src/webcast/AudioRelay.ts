import { createSocket, type Socket } from 'node:dgram';

/** 20 ms of Opus silence (TOC: CELT full band, 20 ms, one frame), as WebRTC senders use it. */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const FRAME_MS = 20;
const SAMPLES_PER_FRAME = 960;
/**
 * No packet for this long: the source is idle (paused, muted, gone) and silence is sent. Above
 * a poor uplink's jitter, so a late burst rarely meets silence already sent.
 */
const IDLE_MS = 200;

/**
 * An Opus RTP relay in front of one of ffmpeg's audio inputs: whatever source mediasoup sends
 * (the hall's microphone, the floor holder's, one after another, or none) leaves as one
 * continuous stream — one SSRC, consecutive sequence numbers, timestamps that run on — and
 * while nothing comes, 20 ms silence frames keep it flowing, so ffmpeg's mix never waits for
 * an idle input. RTCP from mediasoup is dropped.
 */
export class AudioRelay {
  readonly #sock: Socket = createSocket('udp4');
  readonly #target: number;
  readonly #payloadType: number;
  readonly #ssrc: number;
  #seq = Math.floor(Math.random() * 0xffff);
  #outTs = Math.floor(Math.random() * 0x7fffffff);
  /** Added to the source's timestamps; recomputed at each new source or after a gap. */
  #offset: number | null = null;
  #sourceSsrc = -1;
  #lastPacketAt = 0;
  #silenceSince = 0;
  #silenceSent = 0;
  #timer: NodeJS.Timeout | null = null;
  #port = 0;
  /** Packets forwarded from a source (not silence), for tests and the status. */
  forwarded = 0;

  constructor(targetPort: number, payloadType: number) {
    this.#target = targetPort;
    this.#payloadType = payloadType;
    this.#ssrc = (Math.random() * 0xffffffff) >>> 0;
  }

  /** Binds on 127.0.0.1 and starts the silence clock; resolves the port mediasoup sends to. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#sock.once('error', reject);
      this.#sock.bind(0, '127.0.0.1', () => { this.#sock.off('error', reject); resolve(); });
    });
    this.#sock.on('error', () => {});
    this.#sock.on('message', (msg) => this.#onPacket(msg));
    this.#port = this.#sock.address().port;
    this.#timer = setInterval(() => this.#fill(), FRAME_MS / 2);
    return this.#port;
  }

  get port(): number {
    return this.#port;
  }

  #onPacket(msg: Buffer): void {
    if (msg.length < 12 || (msg[0]! & 0xc0) !== 0x80) return;
    const pt = msg[1]! & 0x7f;
    if (pt >= 72 && pt <= 79) return; // RTCP (SR 200 … 207 with the marker bit)
    const ts = msg.readUInt32BE(4);
    const ssrc = msg.readUInt32BE(8);
    const now = performance.now();
    const fresh = this.#offset === null || ssrc !== this.#sourceSsrc;
    // The same source back after a gap keeps its own clock (its timestamps ran on while it was
    // paused), unless that would go back over the silence sent meanwhile (a late burst).
    const behind = !fresh && now - this.#lastPacketAt > IDLE_MS && ((ts + this.#offset! - this.#outTs) | 0) <= 0;
    if (fresh || behind) {
      // Carry on right after what was sent.
      this.#offset = (this.#outTs + SAMPLES_PER_FRAME - ts) >>> 0;
      this.#sourceSsrc = ssrc;
    }
    this.#lastPacketAt = now;
    this.#silenceSince = 0;
    const out = Buffer.from(msg);
    out[1] = (msg[1]! & 0x80) | this.#payloadType;
    const outTs = (ts + this.#offset!) >>> 0;
    // Only move forward (a late packet keeps its place in time).
    if (((outTs - this.#outTs) | 0) > 0) this.#outTs = outTs;
    this.#write(out, outTs);
    this.forwarded += 1;
  }

  #fill(): void {
    const now = performance.now();
    if (now - this.#lastPacketAt < IDLE_MS) return;
    if (this.#silenceSince === 0) {
      this.#silenceSince = now;
      this.#silenceSent = 0;
    }
    // As many frames as wall time asks for, so silence keeps pace with the video.
    const due = Math.floor((now - this.#silenceSince) / FRAME_MS) + 1;
    while (this.#silenceSent < due) {
      this.#outTs = (this.#outTs + SAMPLES_PER_FRAME) >>> 0;
      const b = Buffer.alloc(12 + OPUS_SILENCE.length);
      b[0] = 0x80;
      b[1] = this.#payloadType;
      OPUS_SILENCE.copy(b, 12);
      this.#write(b, this.#outTs);
      this.#silenceSent += 1;
    }
  }

  #write(packet: Buffer, ts: number): void {
    packet.writeUInt16BE(this.#seq, 2);
    this.#seq = (this.#seq + 1) & 0xffff;
    packet.writeUInt32BE(ts, 4);
    packet.writeUInt32BE(this.#ssrc, 8);
    this.#sock.send(packet, this.#target, '127.0.0.1');
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    try { this.#sock.close(); } catch { /* closed */ }
  }
}

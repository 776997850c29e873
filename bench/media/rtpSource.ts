import { createSocket, type Socket } from 'node:dgram';

/**
 * A synthetic VP8 sender: RTP packets with a valid VP8 payload descriptor (mediasoup parses
 * it to find key frames), a key frame every second, at about `kbps`.
 */
export class RtpSource {
  readonly #sock: Socket = createSocket('udp4');
  #timer: NodeJS.Timeout | null = null;
  #seq = 0;
  #ts = 0;
  #frame = 0;

  constructor(readonly ssrc: number, readonly payloadType: number) {}

  start(port: number, kbps = 900, fps = 30): void {
    const bytesPerFrame = Math.round((kbps * 1000) / 8 / fps);
    const perPacket = 1100;
    this.#timer = setInterval(() => {
      const key = this.#frame % fps === 0;
      let left = bytesPerFrame;
      let first = true;
      while (left > 0) {
        const size = Math.min(perPacket, left);
        left -= size;
        this.#sock.send(this.#packet(size, first, key, left === 0), port, '127.0.0.1');
        first = false;
      }
      this.#frame += 1;
      this.#ts = (this.#ts + 90000 / fps) >>> 0;
    }, 1000 / fps);
  }

  #packet(size: number, first: boolean, key: boolean, last: boolean): Buffer {
    const b = Buffer.alloc(12 + size);
    b[0] = 0x80;
    b[1] = (last ? 0x80 : 0) | this.payloadType;
    b.writeUInt16BE(this.#seq, 2);
    this.#seq = (this.#seq + 1) & 0xffff;
    b.writeUInt32BE(this.#ts, 4);
    b.writeUInt32BE(this.ssrc, 8);
    // VP8 payload descriptor (RFC 7741), extended with a 15-bit PictureID (mediasoup 3.8
    // parses only extended descriptors): X=1, S on a frame's first packet, partition 0.
    const pictureId = this.#frame & 0x7fff;
    b[12] = 0x80 | (first ? 0x10 : 0x00);
    b[13] = 0x80;
    b[14] = 0x80 | (pictureId >> 8);
    b[15] = pictureId & 0xff;
    if (first) {
      // VP8 payload header: bit 0 clear = key frame; key frames carry the start code and size.
      b[16] = key ? 0x00 : 0x01;
      if (key && size > 16) {
        b[19] = 0x9d; b[20] = 0x01; b[21] = 0x2a;
        b.writeUInt16LE(640, 22);
        b.writeUInt16LE(360, 24);
      }
    }
    return b;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#sock.close();
  }
}

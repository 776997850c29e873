import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSpan } from './range.js';

/** Read in pieces of this size, so a part of any length costs a bounded buffer. */
const PIECE = 256 * 1024;

/**
 * A 206 answer to several ranges (RFC 9110 §14.6, `multipart/byteranges`): each part with its
 * own Content-Type and Content-Range, in the order asked. Answers the Content-Type (with its
 * boundary), the exact Content-Length, and the body as a stream read from the file.
 */
export function byteranges(path: string, parts: readonly ByteSpan[], size: number): { type: string; length: number; body: Readable } {
  const boundary = `hdnd-${randomBytes(12).toString('hex')}`;
  const heads = parts.map((p, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: application/pdf\r\nContent-Range: bytes ${p.start}-${p.end}/${size}\r\n\r\n`, 'latin1'));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const length = heads.reduce((n, h, i) => n + h.length + parts[i]!.end - parts[i]!.start + 1, tail.length);
  async function* chunks(): AsyncGenerator<Buffer> {
    const file = await open(path, 'r');
    try {
      for (const [i, p] of parts.entries()) {
        yield heads[i]!;
        for (let pos = p.start; pos <= p.end; ) {
          const want = Math.min(PIECE, p.end - pos + 1);
          const { bytesRead, buffer } = await file.read(Buffer.allocUnsafe(want), 0, want, pos);
          if (bytesRead === 0) throw new Error(`the file ended at ${pos}, before ${p.end + 1}`);
          yield buffer.subarray(0, bytesRead);
          pos += bytesRead;
        }
      }
      yield tail;
    } finally {
      await file.close();
    }
  }
  return { type: `multipart/byteranges; boundary=${boundary}`, length, body: Readable.from(chunks(), { objectMode: false }) };
}

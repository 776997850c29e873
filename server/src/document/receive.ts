import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'koa';
import { errors } from '../platform/errors.js';
import { ScriptScanner } from './scriptScan.js';

/** Content types a browser or script may send a PDF with; the content is judged anyway. */
const PDF_TYPES = ['application/pdf', 'application/x-pdf', 'application/octet-stream'];
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** An upload staged on disk, hashed and scanned while it streamed in. */
export interface ReceivedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** Script names seen in the raw bytes (see ScriptScanner). */
  rawScriptNames: string[];
  /** Removes the staged file (idempotent). */
  discard(): Promise<void>;
}

export function formatLimit(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Streams the raw request body (the PDF itself) to a file in `dir`, never holding it in
 * memory: SHA-256, size and script scan are computed on the way. Refuses a wrong content
 * type, a body over `limit` (413 naming the limit, told before reading when
 * Content-Length already says so), an empty body, and one that does not start `%PDF-`.
 */
export async function receivePdf(ctx: Context, dir: string, limit: number): Promise<ReceivedFile> {
  if (!ctx.is(PDF_TYPES)) throw errors.documentWrongType();
  const tooLarge = () => {
    // The rest of the body is not worth reading: close the connection after the answer.
    ctx.set('Connection', 'close');
    return errors.documentTooLarge(formatLimit(limit));
  };
  if (Number(ctx.get('content-length') || 0) > limit) throw tooLarge();

  await mkdir(dir, { recursive: true });
  const path = join(dir, `upload-${randomBytes(8).toString('hex')}.part`);
  const discard = () => rm(path, { force: true });
  const file = await open(path, 'w');
  const hash = createHash('sha256');
  const scanner = new ScriptScanner();
  let bytes = 0;
  let head = Buffer.alloc(0);
  try {
    // destroyOnReturn: false — leaving early must not reset the socket before the 413 is sent.
    for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw tooLarge();
      if (head.length < PDF_MAGIC.length) {
        head = Buffer.concat([head, chunk.subarray(0, PDF_MAGIC.length - head.length)]);
        if (head.length >= PDF_MAGIC.length && !head.equals(PDF_MAGIC)) throw errors.documentNotPdf();
      }
      hash.update(chunk);
      scanner.feed(chunk);
      await file.write(chunk);
    }
    if (bytes === 0) throw errors.documentEmpty();
    if (head.length < PDF_MAGIC.length) throw errors.documentNotPdf();
    scanner.end();
  } catch (err) {
    await file.close().catch(() => {});
    await discard();
    throw err;
  }
  await file.close();
  return { path, bytes, sha256: hash.digest('hex'), rawScriptNames: [...scanner.found], discard };
}

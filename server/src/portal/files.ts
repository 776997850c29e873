import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { documentCache } from '../document/cache.js';
import { ifRangeHolds, noneMatchHits, parseRange } from '../document/range.js';
import { contentDisposition } from '../platform/http/contentDisposition.js';

/**
 * A public document: a few minutes of public cache (a document may stop being public; its
 * URL names one immutable version, so revalidation by ETag stays cheap).
 */
export const DOCUMENT_FILE_CACHE = 'public, max-age=300';
/** Signed minutes (and signed resolutions) never change. */
export const MINUTES_FILE_CACHE = 'public, max-age=86400';

export interface PublicFile { fileId: Types.ObjectId; sha256: string; bytes: number; fileName: string }

/**
 * Sends a stored PDF the way the members' file route does (document/fileRoute.ts), for pdf.js
 * to stream: one Range → 206, several or none → 200, past the end → 416; strong ETag = SHA-256
 * with If-None-Match → 304 and If-Range. Served from the local document cache.
 */
export async function sendPublicPdf(ctx: Context, deps: Deps, file: PublicFile, cacheControl: string): Promise<void> {
  const etag = `"${file.sha256}"`;
  ctx.set('ETag', etag);
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Cache-Control', cacheControl);
  ctx.set('Content-Disposition', contentDisposition('inline', file.fileName));
  if (noneMatchHits(ctx.get('if-none-match') || undefined, etag)) {
    ctx.status = 304;
    return;
  }
  const range = ifRangeHolds(ctx.get('if-range') || undefined, etag) ? parseRange(ctx.get('range') || undefined, file.bytes) : { kind: 'full' as const };
  if (range.kind === 'unsatisfiable') {
    ctx.status = 416;
    ctx.set('Content-Range', `bytes */${file.bytes}`);
    ctx.body = { ok: false, error: 'validation_failed', message: `Đoạn dữ liệu yêu cầu nằm ngoài tệp (${file.bytes} byte). / The requested range is outside the file (${file.bytes} bytes).` };
    return;
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, file.bytes - 1];
  const path = await documentCache(deps).ensure(file);
  ctx.status = range.kind === 'partial' ? 206 : 200;
  ctx.type = 'application/pdf';
  if (range.kind === 'partial') ctx.set('Content-Range', `bytes ${start}-${end}/${file.bytes}`);
  ctx.length = end - start + 1;
  if (ctx.method === 'GET') ctx.body = createReadStream(path, { start, end });
}

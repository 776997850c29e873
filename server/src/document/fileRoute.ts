import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import { IdParams } from '../../../contract/common.js';
import { DocumentFileQuery, WATERMARK_HEADER } from '../../../contract/document.js';
import { OPENING_CHUNK_HEADER, WHOLE_BELOW_HEADER, WHOLE_FILE_MAX_BYTES } from '../../../contract/fileHeaders.js';
import type { Deps } from '../app/deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { appendAudit } from '../audit/append.js';
import { loadReadableDocument, type DocumentLean } from './access.js';
import { documentCache } from './cache.js';
import { byteranges } from './byteranges.js';
import { ifRangeHolds, noneMatchHits, parseRange, withOpening, type RangeAnswer } from './range.js';
import { contentDisposition } from '../platform/http/contentDisposition.js';
import { chains } from '../audit/chains.js';

/** A versioned URL names one immutable file: browsers may keep it for a year without asking. */
const IMMUTABLE = 'private, max-age=31536000, immutable';
/** Confidential files are never kept by the browser: every read comes here and is logged. */
const NO_STORE = 'private, no-store';

/** The viewer asked for a small file whole (WHOLE_BELOW_HEADER), and this one may be kept and is that small. */
function sentWhole(ctx: Context, doc: DocumentLean, confidential: boolean): boolean {
  const below = Number(ctx.get(WHOLE_BELOW_HEADER) || NaN);
  return !confidential && Number.isSafeInteger(below) && doc.bytes <= Math.min(below, WHOLE_FILE_MAX_BYTES);
}

/**
 * The viewer's opening (OPENING_CHUNK_HEADER, the head and the tail asked for) of a version
 * whose opening reads were recorded at that chunk size: answered with those reads as well.
 */
function openingAnswer(ctx: Context, doc: DocumentLean, range: RangeAnswer): RangeAnswer {
  const chunk = Number(ctx.get(OPENING_CHUNK_HEADER) || NaN);
  const opening = doc.opening;
  if (range.kind !== 'parts' || !opening?.spans?.length || opening.chunk !== chunk) return range;
  return { kind: 'parts', parts: withOpening(range.parts, opening.spans, doc.bytes) };
}

/** The reader's name and the time, for the viewer to draw over every page (UTF-8, percent-encoded). */
async function watermarkOf(deps: Deps, userId: string, at: Date): Promise<string> {
  const user = await deps.models.User.findById(userId, { displayName: 1, login: 1 }).lean();
  return encodeURIComponent(`${user?.displayName || user?.login || userId} · ${at.toISOString()}`);
}

/** A confidential read joins the document's audit chain before a byte is sent. */
async function logRead(deps: Deps, ctx: Context, doc: DocumentLean, range: string, status: number, at: Date): Promise<void> {
  await appendAudit(deps, {
    chain: chains.document(String(doc._id)),
    actorId: authOf(ctx).userId,
    action: 'document:read',
    subject: { kind: 'document', id: doc._id },
    data: { sessionId: doc.sessionId, sha256: doc.sha256, version: doc.version, range, status, watermarkAt: at, address: ctx.ip },
  });
}

/**
 * The bytes of one document version, authorised on every request: Range (one range →
 * 206; several, ascending → 206 multipart/byteranges; past the end → 416), strong ETag = SHA-256 with
 * If-None-Match → 304 and If-Range, immutable caching. Confidential documents: never as a
 * download, never cached, `X-Watermark` for the viewer, every read appended to the audit log.
 * The viewer's opening of a small file that may be kept is answered whole (WHOLE_BELOW_HEADER),
 * of a larger one with what pdf.js reads to open it (OPENING_CHUNK_HEADER).
 */
export function registerFileRoute(api: ApiRouter, deps: Deps): void {
  api.route({
    method: 'get', path: '/documents/:id/file', tag: 'documents', auth: true, params: IdParams, query: DocumentFileQuery,
    summary: 'The PDF of one version (Range, ETag, immutable cache; confidential: no download, X-Watermark, every read logged)',
  }, requireAuth(deps), async (ctx) => {
    const { params, query } = input<unknown, { download?: string }, { id: string }>(ctx);
    const { doc } = await loadReadableDocument(deps, authOf(ctx), params.id);
    const confidential = doc.access === 'confidential';
    const download = query.download === '1' || query.download === 'true';
    if (confidential && download) throw errors.documentNoDownload();

    const etag = `"${doc.sha256}"`;
    const at = new Date();
    ctx.set('ETag', etag);
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Cache-Control', confidential ? NO_STORE : IMMUTABLE);
    ctx.set('Content-Disposition', contentDisposition(download ? 'attachment' : 'inline', doc.fileName));
    if (confidential) ctx.set(WATERMARK_HEADER, await watermarkOf(deps, authOf(ctx).userId, at));
    const rangeHeader = ctx.get('range') || undefined;
    const reads = ctx.method === 'GET';

    if (noneMatchHits(ctx.get('if-none-match') || undefined, etag)) {
      if (confidential && reads) await logRead(deps, ctx, doc, rangeHeader ?? '', 304, at);
      ctx.status = 304;
      return;
    }
    ctx.vary(`${WHOLE_BELOW_HEADER}, ${OPENING_CHUNK_HEADER}`);
    const asked = ifRangeHolds(ctx.get('if-range') || undefined, etag) && !sentWhole(ctx, doc, confidential);
    const parsed = asked ? parseRange(rangeHeader, doc.bytes) : { kind: 'full' as const };
    const range = openingAnswer(ctx, doc, parsed);
    // What a confidential read logs: the Range asked, and the opening's reads when they were added.
    const readOf = range === parsed ? rangeHeader ?? '' : `${rangeHeader} + opening (${(doc.opening?.spans.length ?? 0) / 2} reads)`;
    if (range.kind === 'unsatisfiable') {
      ctx.status = 416;
      ctx.set('Content-Range', `bytes */${doc.bytes}`);
      ctx.body = { ok: false, error: 'validation_failed', message: `Đoạn dữ liệu yêu cầu nằm ngoài tệp (${doc.bytes} byte). / The requested range is outside the file (${doc.bytes} bytes).` };
      return;
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, doc.bytes - 1];
    const status = range.kind === 'partial' || range.kind === 'parts' ? 206 : 200;
    const path = await documentCache(deps).ensure(doc);
    if (confidential && reads) await logRead(deps, ctx, doc, readOf, status, at);

    ctx.status = status;
    if (range.kind === 'parts') {
      const multi = byteranges(path, range.parts, doc.bytes);
      ctx.type = multi.type;
      ctx.length = multi.length;
      if (reads) ctx.body = multi.body;
      else multi.body.destroy();
    } else {
      ctx.type = 'application/pdf';
      if (status === 206) ctx.set('Content-Range', `bytes ${start}-${end}/${doc.bytes}`);
      ctx.length = end - start + 1;
      // HEAD answers the headers only: no file is opened.
      if (reads) ctx.body = createReadStream(path, { start, end });
    }
    // Read status for the secretariat (who opened it, first when): published after the checks above passed.
    if (reads) deps.events.publish('document.opened', { documentId: String(doc._id), sessionId: String(doc.sessionId), userId: authOf(ctx).userId, at: at.toISOString() });
  });
}

import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { noneMatchHits } from '../document/range.js';

/** Live-ish views (a sitting, a calendar): a short public cache, revalidated by ETag. */
export const LIVE_CACHE = 'public, max-age=5';
/** Lists that change rarely (councils, delegates). */
export const LIST_CACHE = 'public, max-age=60';

/** A weak ETag over the JSON of a response body: equal bodies, equal tags. */
export const weakEtag = (json: string) => `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;

/**
 * Answers a prepared `{ ok: true, data }` body with its weak ETag and `Cache-Control`; a request
 * whose If-None-Match names the same tag gets 304 and no body (cheap polling for the portal).
 */
export function respondPublic(ctx: Context, prepared: { body: string; etag: string }, cacheControl: string): void {
  ctx.set('ETag', prepared.etag);
  ctx.set('Cache-Control', cacheControl);
  if (noneMatchHits(ctx.get('if-none-match') || undefined, prepared.etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = prepared.body;
}

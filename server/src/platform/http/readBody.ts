import type { Context } from 'koa';
import { errors } from '../errors.js';

/**
 * A raw request body (a PDF, a bundle) read whole, refused with 413 as soon as it is longer
 * than `limit` bytes (`limitText` says the limit to a person: "3 MB"); the connection is then
 * closed rather than drained.
 */
export async function readBody(ctx: Context, limit: number, limitText: string): Promise<Buffer> {
  if (Number(ctx.get('content-length') || 0) > limit) { ctx.set('Connection', 'close'); throw errors.payloadTooLarge(limitText); }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) { ctx.set('Connection', 'close'); throw errors.payloadTooLarge(limitText); }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

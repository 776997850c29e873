import type { Context, Next } from 'koa';
import { AppError, errors } from '../../platform/errors.js';

/** Content types browsers and spreadsheet programs send for a .csv file. */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

async function readLimited(ctx: Context, limitBytes: number, limitLabel: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw errors.payloadTooLarge(limitLabel);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a CSV upload into `ctx.request.body` as text, for the one route that takes it
 * (the app's body parser reads JSON only). UTF-8 is required: a file saved in another
 * encoding is refused rather than imported with garbled Vietnamese names. The parser puts
 * the text in Unicode NFC (csvRows.ts), as every other input is.
 */
export function csvTextBody(limitBytes: number) {
  const limitLabel = `${Math.round(limitBytes / 1024 / 1024)} MB`;
  return async (ctx: Context, next: Next) => {
    if (!ctx.is(CSV_TYPES)) {
      throw new AppError('validation_failed', 'Hãy gửi tệp CSV (Content-Type: text/csv). / Send a CSV file (Content-Type: text/csv).');
    }
    if (Number(ctx.get('content-length') || 0) > limitBytes) throw errors.payloadTooLarge(limitLabel);
    const bytes = await readLimited(ctx, limitBytes, limitLabel);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw errors.csvUnreadable('tệp không được lưu theo mã UTF-8 / the file is not UTF-8 encoded');
    }
    (ctx.request as { body?: unknown }).body = text;
    await next();
  };
}

import type { Context, Next } from 'koa';
import type { Logger } from '../log.js';
import { AppError, errors, internalErrorBody } from '../errors.js';

/**
 * Turns every thrown error into the one error shape. AppErrors are meant for the user;
 * anything else is logged with the request id and answered as `internal_error`.
 */
export function errorHandler(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw errors.notFound(`đường dẫn ${ctx.path}`);
      }
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr) {
        ctx.status = appErr.status;
        ctx.body = appErr.toBody();
        if (appErr.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(appErr.retryAfterSeconds));
        if (appErr.code === 'forbidden') log.warn({ reqId: ctx.state.reqId, path: ctx.path, userId: ctx.state.auth?.userId }, 'forbidden');
        return;
      }
      log.error({ err, reqId: ctx.state.reqId, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = internalErrorBody;
    }
  };
}

/** Maps known library errors (body parser, Koa http-errors) onto AppErrors. */
function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { status?: number; type?: string; expose?: boolean; message?: string; limit?: number };
  if (e?.status === 413 || e?.type === 'entity.too.large') return errors.payloadTooLarge(e.limit ? `${Math.round(e.limit / 1024)} KB` : 'giới hạn');
  if (e?.status === 400 && (e.expose || err instanceof SyntaxError)) {
    return new AppError('validation_failed', `Dữ liệu gửi lên không đọc được: ${e.message ?? ''} / The request body could not be read.`);
  }
  if (e?.status === 415 && e.expose) return new AppError('validation_failed', 'Định dạng dữ liệu không được hỗ trợ. / Unsupported content type.');
  return null;
}

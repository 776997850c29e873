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
      // The router's allowedMethods answers a path served for other methods with a bare 405
      // (or 501 for a method it does not know): keep the status and its Allow header, but
      // answer in the one error shape like every other refusal.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        const status = ctx.status;
        ctx.body = methodNotAllowed(ctx.method).toBody();
        ctx.status = status;
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

/** A path the API serves, but not with this method (there is no error code of its own: `not_found`). */
const methodNotAllowed = (method: string) =>
  new AppError('not_found', `Đường dẫn này không nhận phương thức ${method.slice(0, 16)}. / This path does not accept ${method.slice(0, 16)}.`);

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

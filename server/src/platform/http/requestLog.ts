import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.js';
import type { Metrics } from '../../health/metrics.js';

declare module 'koa' {
  interface DefaultState {
    reqId?: string;
  }
}

/** Request id, access log (no headers, no bodies) and HTTP metrics. */
export function requestLog(log: Logger, metrics: Metrics) {
  return async (ctx: Context, next: Next) => {
    const started = process.hrtime.bigint();
    ctx.state.reqId = randomUUID();
    ctx.set('X-Request-Id', ctx.state.reqId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? (ctx.path.startsWith('/api/') ? 'unmatched' : 'static');
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      if (ctx.path.startsWith('/api/')) {
        log.info({ reqId: ctx.state.reqId, method: ctx.method, route, status: ctx.status, ms: Math.round(seconds * 1000) }, 'http');
      }
    }
  };
}

import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.js';

declare module 'koa' {
  interface DefaultState {
    reqId?: string;
  }
}

/** The two HTTP figures the access log keeps (Prometheus' Counter and Histogram fit). */
export interface HttpMetrics {
  httpRequests: { inc(labels: { method: string; route: string; status: string }): void };
  httpDuration: { observe(labels: { method: string; route: string }, seconds: number): void };
}

/** Request id, access log (no headers, no bodies) and HTTP metrics. */
export function requestLog(log: Logger, metrics: HttpMetrics) {
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

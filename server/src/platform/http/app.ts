import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { errorHandler } from './errorHandler.js';
import { securityHeaders } from './security.js';
import { requestLog, type HttpMetrics } from './requestLog.js';
import { mountClient } from './static.js';
import { buildOpenApi } from './openapi.js';
import type Router from '@koa/router';
import type { ApiRouter, RouteSpec } from './apiRouter.js';

export interface BuiltApp {
  app: Koa;
  specs: RouteSpec[];
}

/**
 * The Koa app: logging, security headers, the one error shape, JSON bodies, then `first`
 * (health probes, outside /api), the OpenAPI document, the API modules and the client.
 * Which modules exist is the composition root's choice (app/routes.ts); this imports none.
 */
/** What the app itself needs of the dependencies; the modules get the whole of them. */
type AppDeps = { config: Pick<Config, 'TRUST_PROXY' | 'CLIENT_DIST'>; log: Logger };

export function createApp<D extends AppDeps>(deps: D, metrics: HttpMetrics, modules: Array<(deps: D) => ApiRouter>, first: Router[] = []): BuiltApp {
  const app = new Koa({ proxy: deps.config.TRUST_PROXY });
  // A reader gone mid-answer is no fault of the server's: the viewer's background download
  // aborts its request whenever a page is read, and resumes later. The rest is logged.
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    deps.log.error({ err }, 'unhandled error outside a request handler');
  });
  const routers = modules.map((make) => make(deps));
  const specs = routers.flatMap((r) => r.specs);
  const openapi = buildOpenApi(specs, '0.1.0');

  app.use(requestLog(deps.log, metrics));
  app.use(securityHeaders);
  app.use(errorHandler(deps.log));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  for (const r of first) app.use(r.routes());
  app.use(async (ctx, next) => {
    if (ctx.path === '/api/openapi.json') ctx.body = openapi;
    else await next();
  });
  for (const r of routers) app.use(r.router.routes()).use(r.router.allowedMethods());
  mountClient(app, deps.config.CLIENT_DIST);
  return { app, specs };
}

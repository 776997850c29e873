import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Deps } from '../deps.js';
import type { Metrics } from '../health/metrics.js';
import { healthRoutes } from '../health/routes.js';
import { errorHandler } from './errorHandler.js';
import { securityHeaders } from './security.js';
import { requestLog } from './requestLog.js';
import { mountClient } from './static.js';
import { buildOpenApi } from './openapi.js';
import type { ApiRouter, RouteSpec } from './apiRouter.js';
import { authRoutes } from '../auth/routes.js';
import { orgRoutes } from '../org/routes.js';
import { homeRoutes } from '../meeting/homeRoutes.js';
import { sittingRoutes } from '../sitting/routes.js';
import { agendaRoutes } from '../agenda/routes.js';
import { questionRoutes } from '../question/routes.js';
import { participantRoutes } from '../meeting/participantRoutes.js';
import { documentRoutes } from '../document/routes.js';
import { noteRoutes } from '../annotation/routes.js';
import { pollRoutes } from '../poll/routes.js';
import { commentRoutes } from '../comment/routes.js';
import { recordRoutes } from '../records/routes.js';

/** Every REST module; each returns an ApiRouter whose specs feed OpenAPI and the permission matrix. */
export const routeModules: Array<(deps: Deps) => ApiRouter> = [authRoutes, orgRoutes, homeRoutes, sittingRoutes, agendaRoutes, questionRoutes, participantRoutes, documentRoutes, noteRoutes, commentRoutes, pollRoutes, recordRoutes];

export interface BuiltApp {
  app: Koa;
  specs: RouteSpec[];
}

export function createApp(deps: Deps, metrics: Metrics): BuiltApp {
  const app = new Koa({ proxy: deps.config.TRUST_PROXY });
  const routers = routeModules.map((make) => make(deps));
  const specs = routers.flatMap((r) => r.specs);
  const openapi = buildOpenApi(specs, '0.1.0');

  app.use(requestLog(deps.log, metrics));
  app.use(securityHeaders);
  app.use(errorHandler(deps.log));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  const health = healthRoutes(deps, metrics);
  app.use(health.routes());
  app.use(async (ctx, next) => {
    if (ctx.path === '/api/openapi.json') ctx.body = openapi;
    else await next();
  });
  for (const r of routers) app.use(r.router.routes()).use(r.router.allowedMethods());
  mountClient(app, deps.config.CLIENT_DIST);
  return { app, specs };
}

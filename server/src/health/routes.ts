import Router from '@koa/router';
import type { Deps } from '../app/deps.js';
import { pingDb } from '../platform/db.js';
import type { Metrics } from './metrics.js';

/**
 * `/healthz`: the process answers. `/readyz`: the database answers and at least one media
 * worker is alive (when media is enabled). `/metrics`: Prometheus text.
 */
export function healthRoutes(deps: Deps, metrics: Metrics): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true, data: { status: 'alive' } };
  });
  router.get('/readyz', async (ctx) => {
    const database = await pingDb(deps.conn);
    const media = deps.media ? { live: deps.media.liveCount(), size: deps.media.size } : null;
    const ready = database && (media === null || media.live > 0);
    ctx.status = ready ? 200 : 503;
    ctx.body = ready
      ? { ok: true, data: { database, media } }
      : { ok: false, error: 'not_ready', message: `Hệ thống chưa sẵn sàng: ${database ? '' : 'cơ sở dữ liệu '}${media && media.live === 0 ? 'máy chủ media' : ''}`.trim(), details: { database, media } };
  });
  router.get('/metrics', async (ctx) => {
    if (deps.media) metrics.mediaWorkersLive.set(deps.media.liveCount());
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}

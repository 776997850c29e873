import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type Koa from 'koa';
import serve from 'koa-static';
import send from 'koa-send';

/**
 * Serves the built client. Hashed assets are immutable, sent brotli- or gzip-compressed when
 * the build wrote those copies and the browser accepts them; any other non-API path gets
 * index.html so the client's routes work on reload.
 */
export function mountClient(app: Koa, distDir: string): boolean {
  const root = resolve(distDir);
  if (!distDir || !existsSync(join(root, 'index.html'))) return false;
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/assets/')) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    await next();
    // The build writes .br and .gz beside each script (client/vite.config.ts): which one was sent depends on this header.
    if (ctx.response.get('Content-Encoding')) ctx.vary('Accept-Encoding');
  });
  app.use(serve(root, { index: 'index.html', maxage: 0 }));
  app.use(async (ctx, next) => {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined || ctx.method !== 'GET') return;
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/socket.io')) return;
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root });
  });
  return true;
}

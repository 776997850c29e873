import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Id } from '../../../contract/common.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { errors } from '../platform/errors.js';

/** A live file's name: the playlist or a segment, nothing with a path in it. */
export const LIVE_FILE = /^[a-z0-9_-]+\.(m3u8|ts|m4s|mp4)$/;

const LiveFileParams = z.object({ sittingId: Id, file: z.string().max(100).regex(LIVE_FILE, 'must be a playlist or segment name') });

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
};

/**
 * The live webcast of a public sitting (HLS), no sign-in: the playlist is never cached (it
 * moves every second), a segment never changes once listed. Not on the air (not started,
 * closed doors, closed, no webcasting here): 404.
 */
export function webcastRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api/public');

  api.route({ method: 'get', path: '/sittings/:sittingId/live/:file', tag: 'portal', auth: false, summary: 'Public portal: the live webcast of a public sitting (HLS playlist index.m3u8 and its segments)', params: LiveFileParams }, async (ctx) => {
    const { sittingId, file } = input<unknown, unknown, z.infer<typeof LiveFileParams>>(ctx).params;
    const dir = deps.webcast?.liveDir(sittingId) ?? null;
    if (!dir) throw errors.notFound('buổi truyền hình trực tiếp');
    // Read whole (a segment is ~100 KB): a segment deleted from the sliding list meanwhile is
    // a clean 404, not a stream failing after its headers, and a viewer who leaves mid-segment
    // is no "premature close" error in the log.
    const body = await readFile(join(dir, file)).catch(() => null);
    if (!body) throw errors.notFound('tệp truyền hình trực tiếp');
    const ext = file.slice(file.lastIndexOf('.') + 1);
    ctx.set('Cache-Control', ext === 'm3u8' ? 'no-cache' : 'public, max-age=60, immutable');
    ctx.type = TYPES[ext]!;
    ctx.body = body;
  });

  return api;
}

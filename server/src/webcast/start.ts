import { resolve } from 'node:path';
import type { Deps } from '../app/deps.js';
import { MediaService } from '../../../media/src/MediaService.js';
import { checkFfmpeg } from '../../../media/src/webcast/ffmpegBinary.js';
import { WebcastService } from './service.js';

/**
 * The webcast service when this server may webcast: media on, `WEBCAST` not false, ffmpeg
 * runnable; otherwise null and one line in the log saying why (everything else works on).
 */
export async function startWebcast(deps: Deps): Promise<WebcastService | null> {
  if (!(deps.media instanceof MediaService)) return null;
  if (!deps.config.WEBCAST) {
    deps.log.info('webcasting off: WEBCAST=false');
    return null;
  }
  const ffmpeg = await checkFfmpeg(deps.config.WEBCAST_FFMPEG);
  if (!ffmpeg.ok) {
    deps.log.warn(`webcasting off: ${ffmpeg.reason} (${ffmpeg.path}); install ffmpeg or set WEBCAST_FFMPEG`);
    return null;
  }
  const service = new WebcastService(deps, deps.media, { ffmpegPath: ffmpeg.path, dir: resolve(deps.config.WEBCAST_DIR) });
  service.follow();
  return service;
}

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlaylist } from './recordingFiles.js';
import { encoderArgs } from '../../../media/src/webcast/ffmpegArgs.js';

/**
 * For tests: ffmpeg writes a recording part exactly as the webcast's tee does (HLS event
 * list, x264 + AAC at the webcast's rates, append_list + independent_segments + omit_endlist,
 * `rec-%05d.ts`; `segmentSeconds` short to keep tests quick, 6 s in the product), ended as
 * Webcast.stop() ends it; then each segment's time is set as if recorded live from `startMs`
 * (a segment's mtime is when ffmpeg closed it: its end, plus 40 ms here).
 */
export function recordPart(dir: string, o: { seconds: number; startMs: number; segmentSeconds?: number; ffmpegPath?: string }): void {
  mkdirSync(dir, { recursive: true });
  const seg = o.segmentSeconds ?? 2;
  execFileSync(o.ffmpegPath ?? 'ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(o.seconds),
    '-pix_fmt', 'yuv420p', ...encoderArgs(),
    '-f', 'hls', '-hls_time', String(seg), '-hls_list_size', '0', '-hls_playlist_type', 'event', '-hls_flags', 'append_list+independent_segments+omit_endlist',
    '-hls_segment_filename', join(dir, 'rec-%05d.ts'), join(dir, 'recording.m3u8'),
  ]);
  appendFileSync(join(dir, 'recording.m3u8'), '#EXT-X-ENDLIST\n');
  let end = o.startMs;
  for (const s of parsePlaylist(readFileSync(join(dir, 'recording.m3u8'), 'utf8')).segments) {
    end += s.duration * 1000;
    const t = new Date(end + 40);
    utimesSync(join(dir, s.file), t, t);
  }
}

/** A part directory's name, as WebcastService names it: the start time to the second. */
export const partStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

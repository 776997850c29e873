// bench:public, part 1: the live-like source, encoded ONCE before any load (no encoder runs
// while viewers pull). ffmpeg testsrc2 + a 440 Hz sine, encoded with the product's webcast
// settings (media/src/webcast/ffmpegArgs.ts: DEFAULT_ENCODE, libx264 veryfast/zerolatency
// main, CBR-ish maxrate/bufsize, a key frame every segment, AAC stereo 48 kHz) and cut into
// 1 s HLS segments as a plain VOD list. Kept in the temp directory under a name made of the
// settings, so a rerun reuses it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ENCODE, encoderArgs } from '../../media/src/webcast/ffmpegArgs.js';

export interface SourceSegment { file: string; path: string; duration: number; bytes: number }
export interface Source { dir: string; segments: SourceSegment[]; encodeSeconds: number; reused: boolean }

export function preEncode(seconds: number, ffmpeg = 'ffmpeg'): Source {
  const e = DEFAULT_ENCODE;
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=${e.width}x${e.height}:rate=${e.fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-map', '0:v', '-map', '1:a', '-vf', 'format=yuv420p',
    ...encoderArgs(e),
    '-f', 'hls', '-hls_time', String(e.segmentSeconds), '-hls_list_size', '0', '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
  ];
  const key = createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `hdnd-bench-public-src-${key}`);
  const list = join(dir, 'source.m3u8');
  let encodeSeconds = 0;
  const reused = existsSync(list) && readFileSync(list, 'utf8').includes('#EXT-X-ENDLIST');
  if (!reused) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    execFileSync(ffmpeg, [...args, '-hls_segment_filename', join(dir, 'src-%05d.ts'), list], { stdio: ['ignore', 'ignore', 'inherit'] });
    encodeSeconds = (performance.now() - t0) / 1000;
  }
  const segments: SourceSegment[] = [];
  let duration = 0;
  for (const line of readFileSync(list, 'utf8').split('\n')) {
    const m = /^#EXTINF:([\d.]+)/.exec(line);
    if (m) duration = Number(m[1]);
    else if (line.endsWith('.ts')) {
      const path = join(dir, line.trim());
      segments.push({ file: line.trim(), path, duration, bytes: readFileSync(path).length });
    }
  }
  if (segments.length < 10) throw new Error(`pre-encode gave ${segments.length} segments in ${dir}`);
  return { dir, segments, encodeSeconds, reused };
}

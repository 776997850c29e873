import { execFile } from 'node:child_process';

/** Whether an ffmpeg binary runs here, and its version line; or why not. */
export type FfmpegCheck = { ok: true; path: string; version: string } | { ok: false; path: string; reason: string };

/** Runs `<path> -version` once (≤ 5 s): ENOENT becomes "ffmpeg not found". Never throws. */
export function checkFfmpeg(path = 'ffmpeg'): Promise<FfmpegCheck> {
  return new Promise((resolve) => {
    execFile(path, ['-hide_banner', '-version'], { timeout: 5000 }, (err, stdout) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({ ok: false, path, reason: code === 'ENOENT' ? 'ffmpeg not found' : `ffmpeg does not run: ${err.message.split('\n')[0]}` });
        return;
      }
      resolve({ ok: true, path, version: stdout.split('\n')[0] ?? 'ffmpeg' });
    });
  });
}

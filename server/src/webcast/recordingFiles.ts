import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reading what ffmpeg wrote for a sitting's recording: `recordings/<sitting>/<start>/` holds
 * one part (one webcast, from the sitting going public on the air to it stopping) as an HLS
 * event list `recording.m3u8` with its `rec-NNNNN.ts` segments. Pure file work, no database.
 */

export const PART_PLAYLIST = 'recording.m3u8';
const PART_DIR = /^\d{8}T\d{6}Z$/;
const SEGMENT = /^rec-\d{5,7}\.ts$/;

export interface ListedSegment { file: string; duration: number; discontinuity: boolean }

/** The segments an HLS media playlist lists (EXTINF and file name), and whether it has ended. */
export function parsePlaylist(text: string): { segments: ListedSegment[]; ended: boolean } {
  const segments: ListedSegment[] = [];
  let duration: number | null = null;
  let discontinuity = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line && !line.startsWith('#') && duration !== null && SEGMENT.test(line) && Number.isFinite(duration)) {
      segments.push({ file: line, duration, discontinuity });
      duration = null;
      discontinuity = false;
    }
  }
  return { segments, ended: text.includes('#EXT-X-ENDLIST') };
}

/** The part directories of a sitting's recordings, oldest first (their names are start times). */
export async function partDirs(sittingDir: string): Promise<string[]> {
  const names = await readdir(sittingDir).catch(() => [] as string[]);
  return names.filter((n) => PART_DIR.test(n)).sort();
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface SealedSegment { file: string; duration: number; bytes: number; sha256: string; /** Wall-clock start (ISO), estimated from the files' times. */ at: string; discontinuity: boolean }
export interface SealedPart { dir: string; startedAt: string; endedAt: string; segments: SealedSegment[] }

/**
 * A finished part with each segment's size, SHA-256 and wall-clock start. ffmpeg closes a
 * segment's file when the next begins (or when it ends), so a segment's mtime is its end as
 * the hall lived it, plus a few ms of encoding: per run of ffmpeg (restarts mark a
 * discontinuity), the run's start is the smallest of (mtime − time since the run began).
 */
export async function readPart(sittingDir: string, dir: string): Promise<SealedPart | null> {
  const path = join(sittingDir, dir);
  const text = await readFile(join(path, PART_PLAYLIST), 'utf8').catch(() => null);
  if (text === null) return null;
  const listed = parsePlaylist(text).segments;
  const files = await Promise.all(listed.map(async (s) => {
    const info = await stat(join(path, s.file)).catch(() => null);
    return info?.isFile() ? { ...s, bytes: info.size, mtimeMs: info.mtimeMs } : null;
  }));
  const present = files.filter((s) => s !== null);
  if (present.length === 0) return null;
  // Runs of ffmpeg: each starts at a discontinuity (or the first segment).
  const runs: Array<typeof present> = [];
  for (const s of present) {
    if (s.discontinuity || runs.length === 0) runs.push([]);
    runs[runs.length - 1]!.push(s);
  }
  const segments: SealedSegment[] = [];
  for (const run of runs) {
    let elapsed = 0;
    let start = Infinity;
    for (const s of run) { elapsed += s.duration; start = Math.min(start, s.mtimeMs - elapsed * 1000); }
    let at = start;
    for (const [i, s] of run.entries()) {
      segments.push({ file: s.file, duration: s.duration, bytes: s.bytes, sha256: await sha256File(join(path, s.file)), at: new Date(Math.round(at)).toISOString(), discontinuity: i === 0 });
      at += s.duration * 1000;
    }
  }
  const last = segments[segments.length - 1]!;
  return { dir, startedAt: segments[0]!.at, endedAt: new Date(Date.parse(last.at) + last.duration * 1000).toISOString(), segments };
}

/**
 * Whether a part has been ended: its list says so, or nothing has been written to it for
 * `staleMs` (a server that died mid-webcast never ended it; it is ended now).
 */
export async function partFinished(sittingDir: string, dir: string, staleMs: number, now = Date.now()): Promise<boolean> {
  const file = join(sittingDir, dir, PART_PLAYLIST);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return true;
  if (parsePlaylist(text).ended) return true;
  const info = await stat(file).catch(() => null);
  if (!info || now - info.mtimeMs < staleMs) return false;
  await appendFile(file, '#EXT-X-ENDLIST\n');
  return true;
}

/** Bytes under a directory (recursively); 0 when it is missing. */
export async function bytesUnder(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await bytesUnder(p);
    else if (e.isFile()) total += (await stat(p).catch(() => null))?.size ?? 0;
  }
  return total;
}

import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Deps } from '../app/deps.js';
import { partDirs, partFinished, readPart, type SealedPart } from './recordingFiles.js';

/**
 * The sealed recordings of sittings, on disk beside what ffmpeg wrote:
 * `WEBCAST_DIR/recordings/<sitting>/recording.json` lists every public part of a closed
 * sitting (several when it went closed-door and public again: each webcast is a part; they
 * are joined, in order, into one playlist with a discontinuity between parts), each segment
 * with its duration, bytes, SHA-256 and wall-clock start. Written once, after the sitting
 * closed and every part has ended; read by the portal, the archive bundle and the sweep.
 */

export const MANIFEST_FILE = 'recording.json';
const SITTING_DIR = /^[0-9a-f]{24}$/;

const Segment = z.object({ file: z.string(), duration: z.number(), bytes: z.number().int(), sha256: z.string(), at: z.string(), discontinuity: z.boolean() });
const Part = z.object({ dir: z.string(), startedAt: z.string(), endedAt: z.string(), segments: z.array(Segment) });
export const RecordingManifest = z.object({
  format: z.literal('hdnd-recording/1'),
  sittingId: z.string(),
  sealedAt: z.string(),
  durationSeconds: z.number(),
  bytes: z.number().int(),
  parts: z.array(Part),
});
export type RecordingManifest = z.infer<typeof RecordingManifest>;

/** A part ffmpeg left without its end (a server that died mid-webcast) counts as ended after this long untouched. */
export const STALE_PART_MS = 60_000;

export class RecordingStore {
  readonly root: string;
  /** Seals under way, per sitting (one at a time). */
  readonly #sealing = new Map<string, Promise<RecordingManifest | null>>();
  readonly #onSealed: Array<(sittingId: string) => void> = [];

  constructor(webcastDir: string) {
    this.root = join(resolve(webcastDir), 'recordings');
  }

  sittingDir(sittingId: string): string {
    if (!SITTING_DIR.test(sittingId)) throw new Error(`not a sitting id: ${sittingId}`);
    return join(this.root, sittingId);
  }

  /** Runs `fn` after each sitting's recording is sealed (the portal refreshes its views and pushes). */
  onSealed(fn: (sittingId: string) => void): void {
    this.#onSealed.push(fn);
  }

  /** The sealed manifest of a sitting's recording, or null (none, not sealed yet, unreadable). */
  async manifest(sittingId: string): Promise<RecordingManifest | null> {
    if (!SITTING_DIR.test(sittingId)) return null;
    const text = await readFile(join(this.sittingDir(sittingId), MANIFEST_FILE), 'utf8').catch(() => null);
    if (text === null) return null;
    try { return RecordingManifest.parse(JSON.parse(text)); } catch { return null; }
  }

  /** Sittings with anything recorded on disk. */
  async sittings(): Promise<string[]> {
    return (await readdir(this.root).catch(() => [] as string[])).filter((n) => SITTING_DIR.test(n));
  }

  /**
   * Seals a (closed) sitting's recording: null while a part is still being written, or when
   * nothing was recorded. Idempotent: an existing manifest is returned as is.
   */
  seal(sittingId: string, now = new Date()): Promise<RecordingManifest | null> {
    const running = this.#sealing.get(sittingId);
    if (running) return running;
    const p = this.#seal(sittingId, now).finally(() => this.#sealing.delete(sittingId));
    this.#sealing.set(sittingId, p);
    return p;
  }

  async #seal(sittingId: string, now: Date): Promise<RecordingManifest | null> {
    const existing = await this.manifest(sittingId);
    if (existing) return existing;
    const dir = this.sittingDir(sittingId);
    const dirs = await partDirs(dir);
    if (dirs.length === 0) return null;
    for (const d of dirs) if (!(await partFinished(dir, d, STALE_PART_MS, now.getTime()))) return null;
    const parts = (await Promise.all(dirs.map((d) => readPart(dir, d)))).filter((p): p is SealedPart => p !== null);
    if (parts.length === 0) return null;
    const segments = parts.flatMap((p) => p.segments);
    const manifest: RecordingManifest = {
      format: 'hdnd-recording/1', sittingId, sealedAt: now.toISOString(),
      durationSeconds: Math.round(segments.reduce((s, x) => s + x.duration, 0) * 1000) / 1000,
      bytes: segments.reduce((s, x) => s + x.bytes, 0),
      parts,
    };
    const tmp = join(dir, `${MANIFEST_FILE}.tmp`);
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, join(dir, MANIFEST_FILE));
    for (const fn of this.#onSealed) fn(sittingId);
    return manifest;
  }

  /** Where a served file lies: `p<n>-rec-NNNNN.ts` is segment rec-NNNNN.ts of part n, if the manifest lists it. */
  segmentPath(sittingId: string, m: RecordingManifest, file: string): { path: string; bytes: number; sha256: string } | null {
    const match = /^p(\d{1,3})-(rec-\d{5,7}\.ts)$/.exec(file);
    const part = match ? m.parts[Number(match[1])] : undefined;
    const seg = part?.segments.find((s) => s.file === match![2]);
    return part && seg ? { path: join(this.sittingDir(sittingId), part.dir, seg.file), bytes: seg.bytes, sha256: seg.sha256 } : null;
  }

  /** Removes everything recorded of a sitting. */
  async remove(sittingId: string): Promise<void> {
    await rm(this.sittingDir(sittingId), { recursive: true, force: true });
  }
}

/**
 * The parts joined into one HLS VOD list (what the portal plays): a discontinuity at each
 * part's and each ffmpeg run's start, segments named `p<part>-<file>`.
 */
export function joinedPlaylist(m: RecordingManifest): string {
  const segs = m.parts.flatMap((p, i) => p.segments.map((s, j) => ({ ...s, name: `p${i}-${s.file}`, cut: (i > 0 && j === 0) || (j > 0 && s.discontinuity) })));
  const target = Math.max(1, ...segs.map((s) => Math.ceil(s.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const s of segs) {
    if (s.cut) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${s.duration.toFixed(6)},`, s.name);
  }
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** A wall-clock time as a position (s) in the joined recording: a time between parts gives the next part's start; null after the end. */
export function positionOf(m: RecordingManifest, at: Date): { seconds: number; recorded: boolean } | null {
  const t = at.getTime();
  let pos = 0;
  for (const seg of m.parts.flatMap((p) => p.segments)) {
    const start = Date.parse(seg.at);
    if (t < start) return { seconds: pos, recorded: false };
    if (t < start + seg.duration * 1000) return { seconds: pos + (t - start) / 1000, recorded: true };
    pos += seg.duration;
  }
  return null;
}

const stores = new WeakMap<Deps, RecordingStore>();

/** The recordings of this server (WEBCAST_DIR/recordings), whether or not it webcasts now. */
export function recordingStore(deps: Deps): RecordingStore {
  let s = stores.get(deps);
  if (!s) stores.set(deps, (s = new RecordingStore(deps.config.WEBCAST_DIR)));
  return s;
}

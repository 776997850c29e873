import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Deps } from '../app/deps.js';
import { bytesUnder } from './recordingFiles.js';
import type { RecordingStore } from './recordingStore.js';

const DAY_MS = 86_400_000;

/** Free bytes on the file system holding `dir` (or its nearest existing parent). */
async function freeBytes(dir: string): Promise<number | null> {
  let d = resolve(dir);
  for (;;) {
    const s = await statfs(d).catch(() => null);
    if (s) return s.bavail * s.bsize;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

export interface SweepResult { sealed: string[]; deleted: string[]; usedBytes: number; freeBytes: number | null; blocked: string | null }

/**
 * One pass over the recordings: seals those of closed sittings not sealed yet, deletes those
 * older than WEBCAST_RECORDING_RETENTION_DAYS (counted from the recording's end; 0 keeps
 * them), then weighs the disk: recordings above WEBCAST_RECORDING_MAX_GB, or less than
 * WEBCAST_MIN_FREE_MB free, give the reason webcasts must stop (null when all is well).
 */
export async function sweepRecordings(deps: Deps, store: RecordingStore, now = new Date()): Promise<SweepResult> {
  const { WEBCAST_RECORDING_RETENTION_DAYS: days, WEBCAST_RECORDING_MAX_GB: maxGb, WEBCAST_MIN_FREE_MB: minFreeMb } = deps.config;
  const ids = await store.sittings();
  const closed = ids.length === 0 ? new Set<string>() : new Set((await deps.models.Sitting.find({ _id: { $in: ids }, status: 'closed' }, { _id: 1 }).lean()).map((s) => String(s._id)));
  const sealed: string[] = [];
  const deleted: string[] = [];
  for (const id of ids) {
    let m = await store.manifest(id);
    if (!m && closed.has(id)) {
      m = await store.seal(id, now);
      if (m) sealed.push(id);
    }
    if (!m || days === 0) continue;
    const ended = Math.max(...m.parts.map((p) => Date.parse(p.endedAt)));
    if (now.getTime() - ended > days * DAY_MS) {
      await store.remove(id);
      deleted.push(id);
      deps.log.info({ sittingId: id, endedAt: new Date(ended).toISOString(), bytes: m.bytes }, `recording deleted: older than WEBCAST_RECORDING_RETENTION_DAYS=${days}`);
    }
  }
  const usedBytes = await bytesUnder(store.root);
  const free = await freeBytes(store.root);
  const mb = (b: number) => Math.round(b / 1024 ** 2);
  let blocked: string | null = null;
  if (maxGb > 0 && usedBytes >= maxGb * 1024 ** 3) {
    blocked = `webcast and recording stopped: recordings take ${mb(usedBytes)} MB, at or above WEBCAST_RECORDING_MAX_GB=${maxGb}; delete old recordings or raise the cap`;
  } else if (free !== null && free < minFreeMb * 1024 ** 2) {
    blocked = `webcast and recording stopped: ${mb(free)} MB free where WEBCAST_DIR lies, below WEBCAST_MIN_FREE_MB=${minFreeMb}; free some space or lower the limit`;
  }
  return { sealed, deleted, usedBytes, freeBytes: free, blocked };
}

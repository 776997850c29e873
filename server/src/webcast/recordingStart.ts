import type { Deps } from '../app/deps.js';
import { recordingStore } from './recordingStore.js';
import { sweepRecordings } from './recordingSweep.js';
import type { WebcastService } from './service.js';
import { mayWebcast } from './service.js';

/** How often the recordings are swept (sealing, retention, disk). */
export const SWEEP_MS = 60_000;
/** After a sitting closes, its webcast ends within ~2 s: sealing is tried then, and again later. */
const SEAL_TRIES_MS = [2_000, 6_000, 20_000, 70_000];

/**
 * Looks after the recordings: seals a sitting's recording once it has closed (and its webcast
 * ended), and sweeps every minute — retention, and the disk limits, which stop every webcast
 * (one log line saying why) until space is back. Called once by the composition root.
 */
export function startRecordings(deps: Deps, webcast: WebcastService | null): { sweep(): Promise<void>; close(): void } {
  const store = recordingStore(deps);
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let blocked: string | null = null;
  const later = (ms: number, fn: () => Promise<unknown>) => {
    const t = setTimeout(() => { timers.delete(t); if (!closed) void fn().catch((err: unknown) => deps.log.error({ err }, 'recordings: failed')); }, ms);
    t.unref();
    timers.add(t);
  };

  const unsubscribe = deps.events.subscribe('sitting.changed', ({ sittingId, patch }) => {
    if (patch.status !== 'closed') return;
    for (const ms of SEAL_TRIES_MS) {
      later(ms, async () => {
        if ((await store.manifest(sittingId)) || !(await store.seal(sittingId))) return;
        deps.log.info({ sittingId }, 'recording sealed');
      });
    }
  }, 'everywhere'); // the recording is sealed where its files are

  const sweep = async () => {
    const r = await sweepRecordings(deps, store);
    for (const id of r.sealed) deps.log.info({ sittingId: id }, 'recording sealed');
    if (r.blocked && r.blocked !== blocked) deps.log.error({ usedBytes: r.usedBytes, freeBytes: r.freeBytes }, r.blocked);
    if (!r.blocked && blocked) deps.log.info({ usedBytes: r.usedBytes, freeBytes: r.freeBytes }, 'webcast and recording may run again: disk limits met');
    const was = blocked;
    blocked = r.blocked;
    if (!webcast) return;
    await webcast.block(r.blocked);
    if (was && !r.blocked) {
      // Back on the air: every open public sitting's webcast is brought in line again.
      const open = await deps.models.Sitting.find({ status: 'open', closedDoors: { $ne: true } }, { status: 1, closedDoors: 1 }).lean<Array<{ _id: unknown; status: string; closedDoors: boolean }>>();
      for (const s of open) if (mayWebcast(s)) void webcast.sync(String(s._id));
    }
  };
  const interval = setInterval(() => { if (!closed) void sweep().catch((err: unknown) => deps.log.error({ err }, 'recordings: sweep failed')); }, SWEEP_MS);
  interval.unref();
  later(1_000, sweep);

  return {
    sweep,
    close() {
      closed = true;
      unsubscribe();
      clearInterval(interval);
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

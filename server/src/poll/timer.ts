import type { Deps } from '../app/deps.js';
import { closePoll, type PollDoc } from './lifecycle.js';
import { broadcastClosed } from './broadcast.js';
import { sittingKey } from '../sitting/owner.js';

/**
 * The optional voting timer: an open round with `closesAt` closes by itself when it runs out,
 * exactly as if the chair had closed it (the same race-safe close, one tally). Timers live in
 * the process that owns the sitting (this one, unless in a cluster): `resumeTimers` re-arms
 * them from the database when the server starts or takes a sitting over, and a round whose
 * time passed meanwhile closes at once; a process that loses a sitting stops its timers.
 */
type Armed = { t: NodeJS.Timeout; sittingId: string };
const timers = new WeakMap<Deps, Map<string, Armed>>();

export function armTimer(deps: Deps, p: Pick<PollDoc, '_id' | 'round' | 'status' | 'closesAt' | 'sittingId'>): void {
  if (p.status !== 'open' || !p.closesAt) return;
  let m = timers.get(deps);
  if (!m) timers.set(deps, (m = new Map()));
  const key = `${String(p._id)}:${p.round}`;
  if (m.has(key)) return;
  const pollId = String(p._id);
  const sittingId = String(p.sittingId);
  const t = setTimeout(() => {
    m.delete(key);
    // In a cluster, only the sitting's owner closes (it alone holds the round's gate).
    if (deps.cluster && deps.cluster.fenceOf(sittingKey(sittingId)) === null) return;
    closePoll(deps, pollId, null).then(
      ({ poll, tally, announce }) => (announce ? broadcastClosed(deps, poll, tally) : undefined),
      (err) => deps.log.warn({ err, pollId }, 'poll timer could not close the round'),
    ).catch((err) => deps.log.warn({ err, pollId }, 'poll timer broadcast failed'));
  }, Math.max(0, p.closesAt.getTime() - Date.now()));
  t.unref?.();
  m.set(key, { t, sittingId });
}

/** Arms the timers of the open rounds: of one sitting (taken over), or of all. */
export async function resumeTimers(deps: Deps, sittingId?: string): Promise<void> {
  const open = await deps.models.Poll.find({ status: 'open', closesAt: { $ne: null }, ...(sittingId ? { sittingId } : {}) }, { round: 1, status: 1, closesAt: 1, sittingId: 1 }).lean();
  for (const p of open) armTimer(deps, p);
}

/** Stops the timers of one sitting (this process no longer owns it), or every timer (shutting down). */
export function stopTimers(deps: Deps, sittingId?: string): void {
  const m = timers.get(deps);
  if (!m) return;
  for (const [key, a] of [...m]) {
    if (sittingId && a.sittingId !== sittingId) continue;
    clearTimeout(a.t);
    m.delete(key);
  }
  if (!sittingId) timers.delete(deps);
}

import type { Deps } from '../app/deps.js';
import { closePoll, type PollDoc } from './lifecycle.js';
import { broadcastClosed } from './broadcast.js';

/**
 * The optional voting timer: an open round with `closesAt` closes by itself when it runs out,
 * exactly as if the chair had closed it (the same race-safe close, one tally). Timers live in
 * this process; `resumeTimers` re-arms them from the database when the server starts, and a
 * round whose time passed while the server was down closes at once.
 */
const timers = new WeakMap<Deps, Map<string, NodeJS.Timeout>>();

export function armTimer(deps: Deps, p: Pick<PollDoc, '_id' | 'round' | 'status' | 'closesAt'>): void {
  if (p.status !== 'open' || !p.closesAt) return;
  let m = timers.get(deps);
  if (!m) timers.set(deps, (m = new Map()));
  const key = `${String(p._id)}:${p.round}`;
  if (m.has(key)) return;
  const pollId = String(p._id);
  const t = setTimeout(() => {
    m.delete(key);
    closePoll(deps, pollId, null).then(
      ({ poll, tally, announce }) => (announce ? broadcastClosed(deps, poll, tally) : undefined),
      (err) => deps.log.warn({ err, pollId }, 'poll timer could not close the round'),
    ).catch((err) => deps.log.warn({ err, pollId }, 'poll timer broadcast failed'));
  }, Math.max(0, p.closesAt.getTime() - Date.now()));
  t.unref?.();
  m.set(key, t);
}

export async function resumeTimers(deps: Deps): Promise<void> {
  const open = await deps.models.Poll.find({ status: 'open', closesAt: { $ne: null } }, { round: 1, status: 1, closesAt: 1 }).lean();
  for (const p of open) armTimer(deps, p);
}

/** Stops every timer of this server (it is shutting down). */
export function stopTimers(deps: Deps): void {
  for (const t of timers.get(deps)?.values() ?? []) clearTimeout(t);
  timers.delete(deps);
}

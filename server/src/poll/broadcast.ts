import type { TallyView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import type { AppServer } from '../platform/realtime/socket.js';
import { sittingRoom } from '../sitting/socketHandlers.js';
import { viewOf, type PollDoc } from './lifecycle.js';

/** poll:changed to everyone following the poll's sitting; returns the view sent. */
export async function broadcastChanged(io: AppServer, deps: Deps, p: PollDoc) {
  const view = await viewOf(deps, p);
  io.to(sittingRoom(view.sittingId)).emit('poll:changed', view);
  return view;
}

/** A named poll's list of who chose what is shown once the result is published, not at the close. */
export function tallyAsShown(tally: TallyView, status: string): TallyView {
  if (status === 'published' || !tally.named) return tally;
  const { named: _named, ...rest } = tally;
  return rest;
}

/** After a close (by the chair or the timer) or a publication: the poll's new status, then its tally. */
export async function broadcastClosed(io: AppServer, deps: Deps, p: PollDoc, tally: TallyView) {
  await broadcastChanged(io, deps, p);
  io.to(sittingRoom(String(p.sittingId))).emit('poll:tallied', tallyAsShown(tally, p.status));
}

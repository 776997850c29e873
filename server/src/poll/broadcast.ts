import type { TallyView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { viewOf, type PollDoc } from './lifecycle.js';

/** Publishes the poll as now shown (poll.changed); returns that view. */
export async function broadcastChanged(deps: Deps, p: PollDoc) {
  const view = await viewOf(deps, p);
  deps.events.publish('poll.changed', view);
  return view;
}

/** A named poll's list of who chose what is shown once the result is published, not at the close. */
export function tallyAsShown(tally: TallyView, status: string): TallyView {
  if (status === 'published' || !tally.named) return tally;
  const { named: _named, ...rest } = tally;
  return rest;
}

/** After a close (by the chair or the timer) or a publication: the poll's new status, then its tally. */
export async function broadcastClosed(deps: Deps, p: PollDoc, tally: TallyView) {
  await broadcastChanged(deps, p);
  deps.events.publish('poll.tallied', { sittingId: String(p.sittingId), tally: tallyAsShown(tally, p.status) });
}

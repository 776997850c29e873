import type { PollEntry, TallyView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { actorFor } from '../council/actor.js';
import { viewOf } from './lifecycle.js';
import { tallyAsShown } from './broadcast.js';
import { ballotCount, hasVoted } from './ballots.js';
import { isIssued } from './issued.js';

/**
 * Every poll of a sitting as one user may see it: the view, the current round's ballot count
 * (a number only), its tally once closed, and — for a delegate — whether they have voted in
 * this round and hold a ballot of it. Never who voted what in a secret poll (the tally holds counts and receipts).
 */
export async function listPolls(deps: Deps, sittingId: string, userId: string): Promise<PollEntry[]> {
  const polls = await deps.models.Poll.find({ sittingId }).sort({ createdAt: 1 }).lean();
  if (polls.length === 0) return [];
  const actor = await actorFor(deps, userId, polls[0]!.councilId);
  const delegate = actor.roles.includes('delegate');
  return Promise.all(polls.map(async (p): Promise<PollEntry> => {
    const pollId = String(p._id);
    const closed = p.status === 'closed' || p.status === 'published';
    const closure = closed ? await deps.models.PollClosure.findById(`${pollId}:${p.round}`).lean() : null;
    const voted = delegate && p.status !== 'draft' ? await hasVoted(deps, pollId, p.round, userId) : false;
    // Only while the round is open (the issued set of a closed round is not kept in memory).
    const issued = delegate && p.status === 'open' ? await isIssued(deps, pollId, p.round, userId) : undefined;
    return {
      poll: await viewOf(deps, p),
      ballots: p.status === 'draft' ? 0 : await ballotCount(deps, pollId, p.round, p.secret),
      tally: closure?.tally ? tallyAsShown(closure.tally as TallyView, p.status) : null,
      myVote: delegate ? { round: p.round, voted, ...(issued === undefined ? {} : { issued }) } : null,
    };
  }));
}

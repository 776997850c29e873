import type { BallotInput, Receipt } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { actorFor } from '../council/actor.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { loadPollForBallot } from './lifecycle.js';
import { canonicalChoices } from './choices.js';
import { intentFor, receiptFor } from './receipt.js';
import { enter, leave } from './gate.js';
import { pollDef, roundKey } from './close.js';
import { ballotWriters } from './ballotWriter.js';
import { ensureIssued } from './issued.js';

/**
 * Casting a ballot. Order of writes (no transactions; unique indexes are the arbiters):
 *  1. enter the round's gate (refused at once if a close has shut it);
 *  1b. the delegate must hold a ballot of this round (issued.ts: attending at the opening, or
 *     checked in while it is open and issued one now), else "check in to vote";
 *  2. write PollVoted {_id: pollId:round:voterId, commandId, intent} — the unique key refuses
 *     a second ballot of this delegate in this round (another command → "already voted");
 *  3. in the ballot batch: read PollClosure(pollId:round); if it exists the round is closed →
 *     delete our PollVoted and refuse;
 *  4. store the ballot (secret: {_id: receipt, choices} in a shuffled batch; named: with the
 *     voter) — a resend finds it by _id and stores nothing new;
 *  5. leave the gate, acknowledge with the receipt.
 * Steps 2 to 4 are group-committed together (ballotWriter.ts `cast`): acknowledged after a
 * durable write.
 * A close shuts the gate, inserts PollClosure, then waits until no vote is inside. A vote
 * inside the gate either read no Closure at step 3 (its ballot lands before the close's
 * drain completes → counted) or read it (→ refused). A vote arriving later is refused at 1
 * or 3. So no acknowledged ballot is left out of the tally, and none is counted unacked
 * except one whose ack was lost in transit (its resend returns the same receipt).
 * The gate is per process: in a cluster every vote and close of a sitting runs on the
 * sitting's owner process (poll/commands.ts, app/ownership.ts), which acknowledges only while
 * its lease is valid — so one gate sees every vote of a round.
 *
 * Resends: the same commandId finds its PollVoted by _id; its `intent` (HMAC of the
 * receipt) proves the same ballot, which is then found by its receipt, or — if the process
 * died between 2 and 4 — stored now. A resend with other choices is refused. Logs never get
 * the choices.
 */
const perVoter = new KeyedQueue();
const alreadyVoted = () => errors.conflict('Đại biểu đã bỏ phiếu trong vòng này; phiếu đã bỏ không thể thay đổi. / You have already voted in this round.');
const closed = () => errors.conflict('Cuộc biểu quyết đã kết thúc hoặc chưa mở. / The poll is not open.');
export const guardId = (pollId: string, round: number, voterId: string) => `${pollId}:${round}:${voterId}`;

export async function castBallot(deps: Deps, input: BallotInput, voterId: string): Promise<Receipt> {
  const p = await loadPollForBallot(deps, input.pollId);
  const actor = await actorFor(deps, voterId, p.councilId);
  if (!actor.roles.includes('delegate')) throw errors.forbidden('bỏ phiếu trong cuộc biểu quyết này');
  const choices = canonicalChoices(pollDef(p), input.choices);
  const pollId = String(p._id);
  // Published: the receipt key is destroyed (receipt.ts); nothing more can be cast or resent.
  if (p.status === 'published') throw closed();
  const receipt = await receiptFor(deps, { pollId, round: input.round, voterId, commandId: input.commandId, choices });
  const intent = await intentFor(deps, pollId, receipt);
  const mine = { _id: guardId(pollId, input.round, voterId), commandId: input.commandId, intent };
  // A resend whose first acknowledgement was lost may arrive after the close: same receipt.
  if (p.status !== 'open' || input.round !== p.round) return resentReceipt(deps, p.secret, mine, { pollId, round: input.round, receipt });
  const key = roundKey(pollId, p.round);
  const { ballots, cast } = ballotWriters(deps);
  return perVoter.run(`${key}:${voterId}`, async () => {
    if (!enter(key)) return resentReceipt(deps, p.secret, mine, { pollId, round: p.round, receipt });
    try {
      // Only a delegate issued a ballot of this round votes (issued.ts): attending at the
      // opening, or checked in since (if the council allows). Inside the gate, before any write.
      await ensureIssued(deps, p, p.round, voterId);
      const doc = p.secret
        ? { _id: receipt, pollId, round: p.round, choices, receiptHash: receipt }
        : { _id: receipt, pollId, round: p.round, voterId, choices, receipt, commandId: input.commandId };
      const ballot = { secret: p.secret, doc };
      let result = await cast.submit({ guard: { ...mine, pollId, round: p.round, voterId }, ballot });
      if (result === 'guard-duplicate') {
        const stored = await deps.models.PollVoted.findById(mine._id).lean();
        if (!stored || stored.commandId !== mine.commandId || stored.intent !== mine.intent) throw alreadyVoted();
        if (await ballotExists(deps, p.secret, receipt)) return { pollId, round: p.round, receipt };
        // Our own ballot was never stored (the process died between the two writes): store it now.
        result = (await ballots.submit(ballot)) === 'closed' ? 'closed' : 'written';
      }
      if (result === 'closed') {
        // This ballot was not stored and now never will be: the delegate did not vote.
        await deps.models.PollVoted.deleteOne({ _id: mine._id, commandId: mine.commandId });
        throw closed();
      }
      return { pollId, round: p.round, receipt };
    } finally {
      leave(key);
    }
  });
}

/** The receipt of a ballot already stored under this command, else a refusal. */
async function resentReceipt(deps: Deps, secret: boolean, mine: { _id: string; commandId: string; intent: string }, r: Receipt): Promise<Receipt> {
  const stored = (await deps.models.PollVoted.findById(mine._id).lean()) ?? (await deps.models.SealedVoter.findById(mine._id).lean());
  if (stored && stored.commandId === mine.commandId && stored.intent === mine.intent && await ballotExists(deps, secret, r.receipt)) return r;
  throw closed();
}

/** Whether a ballot with this receipt is stored (live, or sealed after the close). */
async function ballotExists(deps: Deps, secret: boolean, receipt: string): Promise<boolean> {
  if (!secret) return (await deps.models.NamedBallot.exists({ _id: receipt })) !== null;
  return (await deps.models.SecretBallot.exists({ _id: receipt })) !== null || (await deps.models.SealedBallot.exists({ _id: receipt })) !== null;
}

/** Whether this delegate has voted in this round (recorded live, or sealed after the close). */
export async function hasVoted(deps: Deps, pollId: string, round: number, voterId: string): Promise<boolean> {
  const id = guardId(pollId, round, voterId);
  return (await deps.models.PollVoted.exists({ _id: id })) !== null || (await deps.models.SealedVoter.exists({ _id: id })) !== null;
}

/** Ballots stored so far in a round (the only figure shown while a secret poll is open). */
export async function ballotCount(deps: Deps, pollId: string, round: number, secret: boolean): Promise<number> {
  return secret ? deps.models.SecretBallot.countDocuments({ pollId, round }) : deps.models.NamedBallot.countDocuments({ pollId, round });
}

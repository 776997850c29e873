import { randomUUID } from 'node:crypto';
import type { BallotInput, Receipt } from '../../../contract/poll.js';
import type { Deps } from '../deps.js';
import { errors } from '../errors.js';
import { actorFor } from '../sitting/context.js';
import { KeyedQueue } from '../shared/keyedQueue.js';
import { loadPoll } from './lifecycle.js';
import { canonicalChoices } from './choices.js';
import { receiptFor } from './receipt.js';
import { enter, leave } from './gate.js';
import { pollDef, roundKey } from './close.js';
import { storeSecretBallot } from './slots.js';

/**
 * Casting a ballot. Order of writes (no transactions; unique indexes are the arbiters):
 *  1. enter the round's gate (refused at once if a close has shut it);
 *  2. insert PollVoted {pollId, round, voterId, commandId} — the unique index refuses a second
 *     ballot of this delegate in this round (a different commandId → conflict "already voted");
 *  3. read PollClosure(pollId:round): if it exists the round is closed → delete our PollVoted
 *     (if we wrote it) and refuse;
 *  4. insert the ballot (secret: {choices, receiptHash} with a random uuid _id; named: with
 *     voterId) — unique indexes make a resent insert a no-op;
 *  5. mark PollVoted done, leave the gate, acknowledge with the receipt.
 * A close shuts the gate, inserts PollClosure, then waits until no vote is inside. A vote
 * inside the gate either read no Closure at step 3 (its ballot lands before the close's
 * drain completes → counted) or read it (→ refused). A vote arriving later is refused at 1
 * or 3. So no acknowledged ballot is left out of the tally, and none is counted unacked
 * except one whose ack was lost in transit (its resend returns the same receipt).
 * LIMIT: the gate is per process; with several server processes a vote in another process
 * could pass step 3 just before the Closure insert and write its ballot after the tally.
 * The system runs one server process on the embedded database (see auth/councilMembers.ts).
 *
 * Resends: the same commandId finds its PollVoted; the receipt is recomputed (receipt.ts)
 * and the ballot found by it. A PollVoted not yet `done` (the process died between 2 and 5)
 * is completed by the resend. Logs never get the choices.
 */
const perVoter = new KeyedQueue();
const isDup = (err: unknown) => (err as { code?: number }).code === 11000;
const alreadyVoted = () => errors.conflict('Đại biểu đã bỏ phiếu trong vòng này; phiếu đã bỏ không thể thay đổi. / You have already voted in this round.');
const closed = () => errors.conflict('Cuộc biểu quyết đã kết thúc hoặc chưa mở. / The poll is not open.');

export async function castBallot(deps: Deps, input: BallotInput, voterId: string): Promise<Receipt> {
  const p = await loadPoll(deps, input.pollId);
  const actor = await actorFor(deps, voterId, p.councilId);
  if (!actor.roles.includes('delegate')) throw errors.forbidden('bỏ phiếu trong cuộc biểu quyết này');
  const choices = canonicalChoices(pollDef(p), input.choices);
  const pollId = String(p._id);
  // Published: the receipt key is destroyed (receipt.ts); nothing more can be cast or resent.
  if (p.status === 'published') throw closed();
  const receipt = await receiptFor(deps, { pollId, round: input.round, voterId, commandId: input.commandId, choices });
  // A resend whose first acknowledgement was lost may arrive after the close: same receipt.
  const resent = () => resentReceipt(deps, p.secret, { pollId, round: input.round, voterId, commandId: input.commandId, receipt });
  if (p.status !== 'open' || input.round !== p.round) return resent();
  const key = roundKey(pollId, p.round);
  return perVoter.run(`${key}:${voterId}`, async () => {
    if (!enter(key)) return resent();
    try {
      let wrote = false;
      try {
        await deps.models.PollVoted.create({ _id: randomUUID(), pollId, round: p.round, voterId, commandId: input.commandId });
        wrote = true;
      } catch (err) {
        if (!isDup(err)) throw err;
        const mine = await deps.models.PollVoted.findOne({ pollId, round: p.round, voterId }).lean();
        if (!mine || mine.commandId !== input.commandId) throw alreadyVoted();
        if (mine.done) {
          if (await ballotExists(deps, p.secret, pollId, p.round, receipt)) return { pollId, round: p.round, receipt };
          throw alreadyVoted(); // same command id, different content: the first ballot stands
        }
      }
      if (await deps.models.PollClosure.exists({ _id: key })) {
        if (wrote) await deps.models.PollVoted.deleteOne({ pollId, round: p.round, voterId, done: false });
        throw closed(); // a pending (not done) resend's ballot was never stored, nor acknowledged
      }
      try {
        if (p.secret) await storeSecretBallot(deps, { pollId, round: p.round, choices, receiptHash: receipt });
        else await deps.models.NamedBallot.create({ pollId, round: p.round, voterId, choices, receipt, commandId: input.commandId });
      } catch (err) {
        if (!isDup(err)) throw err;
      }
      await deps.models.PollVoted.updateOne({ pollId, round: p.round, voterId }, { $set: { done: true } });
      return { pollId, round: p.round, receipt };
    } finally {
      leave(key);
    }
  });
}

/** The receipt of a ballot already stored under this command id, else a refusal. */
async function resentReceipt(deps: Deps, secret: boolean, b: { pollId: string; round: number; voterId: string; commandId: string; receipt: string }): Promise<Receipt> {
  const mine = await deps.models.PollVoted.findOne({ pollId: b.pollId, round: b.round, voterId: b.voterId }).lean();
  if (mine?.done && mine.commandId === b.commandId && await ballotExists(deps, secret, b.pollId, b.round, b.receipt)) {
    return { pollId: b.pollId, round: b.round, receipt: b.receipt };
  }
  throw closed();
}

async function ballotExists(deps: Deps, secret: boolean, pollId: string, round: number, receipt: string): Promise<boolean> {
  return secret
    ? (await deps.models.SecretBallot.exists({ pollId, round, receiptHash: receipt, free: false })) !== null
    : (await deps.models.NamedBallot.exists({ pollId, round, receipt })) !== null;
}

/** Ballots stored so far in a round (the only figure shown while a secret poll is open). */
export async function ballotCount(deps: Deps, pollId: string, round: number): Promise<number> {
  return deps.models.PollVoted.countDocuments({ pollId, round, done: true });
}

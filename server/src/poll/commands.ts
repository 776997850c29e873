import type { BallotInput, PollView, Receipt, TallyView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { openPoll, closePoll, reopenPoll, loadPollForBallot } from './lifecycle.js';
import { castBallot, ballotCount } from './ballots.js';
import { broadcastChanged, broadcastClosed, tallyAsShown } from './broadcast.js';
import { armTimer } from './timer.js';
import { onOwner } from '../sitting/owner.js';

/**
 * The poll commands that must run in ONE process per sitting — a round's close gate (gate.ts)
 * and its timer live in memory — each whole (its write, then what follows it), so the owner
 * process of the sitting runs it (sitting/owner.ts; here when there is no cluster).
 */

/**
 * Progress broadcasts, at most one per poll round every PROGRESS_MS: only the number of ballots.
 * Each is a count FerretDB on SQLite answers by scanning the round's ballots (~30 ms at 500):
 * every 100 ms that was a third of its core while a round was open (bench:votes).
 */
const PROGRESS_MS = 250;
const pending = new Set<string>();
function scheduleProgress(deps: Deps, poll: { sittingId: string; pollId: string; round: number; secret: boolean }) {
  const { sittingId, pollId, round } = poll;
  const key = `${pollId}:${round}`;
  if (pending.has(key)) return;
  pending.add(key);
  setTimeout(() => {
    pending.delete(key);
    ballotCount(deps, pollId, round, poll.secret).then(
      (ballots) => deps.events.publish('poll.progress', { sittingId, pollId, round, ballots }),
      (err) => deps.log.warn({ err, pollId }, 'poll progress count failed'),
    );
  }, PROGRESS_MS).unref?.();
}

export interface VoteCall { sittingId: string; input: BallotInput; voterId: string }
export interface PollCall { sittingId: string; pollId: string; userId: string | null; durationSeconds?: number | null; fromRound?: number }

export async function voteHere(deps: Deps, { input, voterId }: VoteCall): Promise<Receipt> {
  let receipt;
  try {
    receipt = await castBallot(deps, input, voterId);
  } catch (err) {
    // Who was refused and why — never the choices (nor does the logger let them through).
    deps.log.info({ userId: voterId, pollId: input.pollId, round: input.round, code: (err as { code?: unknown }).code }, 'ballot refused');
    throw err;
  }
  // No voter id here: a log line of "who, when" beside "ballot stored" would order the ballots.
  deps.log.debug({ pollId: receipt.pollId, round: receipt.round }, 'ballot stored');
  const p = await loadPollForBallot(deps, receipt.pollId);
  scheduleProgress(deps, { sittingId: String(p.sittingId), pollId: receipt.pollId, round: receipt.round, secret: p.secret });
  return receipt;
}

export async function openHere(deps: Deps, c: PollCall): Promise<PollView> {
  const poll = c.fromRound === undefined
    ? await openPoll(deps, c.pollId, c.userId!, c.durationSeconds ?? null)
    : await reopenPoll(deps, c.pollId, c.fromRound, c.userId!, c.durationSeconds ?? null);
  armTimer(deps, poll);
  return broadcastChanged(deps, poll);
}

/** Closes a round (the chair, a resend, or the timer with no user): every close gets the tally; the room is told once. */
export async function closeHere(deps: Deps, c: PollCall): Promise<TallyView> {
  const { poll, tally, announce } = await closePoll(deps, c.pollId, c.userId);
  if (announce) await broadcastClosed(deps, poll, tally);
  return tallyAsShown(tally, poll.status);
}

/** The sitting a poll belongs to (it never changes), to find its owner. */
export async function sittingOfPoll(deps: Deps, pollId: string): Promise<string> {
  return String((await loadPollForBallot(deps, pollId)).sittingId);
}

export const vote = async (deps: Deps, input: BallotInput, voterId: string) => {
  const c: VoteCall = { sittingId: await sittingOfPoll(deps, input.pollId), input, voterId };
  return onOwner(deps, 'poll.vote', c, () => voteHere(deps, c));
};
export const open = async (deps: Deps, c: Omit<PollCall, 'sittingId'>) => {
  const call: PollCall = { ...c, sittingId: await sittingOfPoll(deps, c.pollId) };
  return onOwner(deps, 'poll.open', call, () => openHere(deps, call));
};
export const close = async (deps: Deps, c: Omit<PollCall, 'sittingId'>) => {
  const call: PollCall = { ...c, sittingId: await sittingOfPoll(deps, c.pollId) };
  return onOwner(deps, 'poll.close', call, () => closeHere(deps, call));
};

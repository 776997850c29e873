import type { TallyView, Threshold } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import type { PollDoc } from './pollDoc.js';
import { computeTally } from './tally.js';
import { shut, drained } from './gate.js';
import type { PollDef } from './choices.js';
import { sealRound } from './seal.js';
import { issuedCount, forgetRound } from './issued.js';

export const roundKey = (pollId: string, round: number) => `${pollId}:${round}`;

export const pollDef = (p: PollDoc): PollDef => ({ id: String(p._id), kind: p.kind as PollDef['kind'], secret: p.secret, options: p.options.map((o) => ({ key: o.key!, label: o.label! })), maxChoices: p.maxChoices });

/**
 * Closes a round once. The PollClosure record (_id = pollId:round) is inserted once; every
 * close — the winner and the losers of that insert — then shuts this process's gate, waits
 * for votes inside it, computes the tally from the stored ballots and sets it only if no
 * tally is stored yet; all return the STORED tally. The tally is a deterministic function of
 * the ballots, and after the drain no ballot of this round can be added (a vote checks the
 * Closure after writing PollVoted and before its ballot, inside the gate), so every close
 * returns the same tally and hash. A secret round is sealed (seal.ts) before it is counted.
 * `issued` is the count of ballots issued in the round (issued.ts), final after the drain: a
 * late issue happens inside the gate, before its ballot. So ballots ≤ issued.
 * `announce` is true for one close of the round only: the first in this process to shut the
 * gate (the sitting's owner process: see ballots.ts). That close broadcasts the result; every close
 * returns it. (Not `won`: after a crash between the Closure insert and the broadcast, the
 * next close loses the insert yet is the one left to announce.)
 */
export async function closeRound(deps: Deps, p: PollDoc, N: number): Promise<{ tally: TallyView; won: boolean; announce: boolean }> {
  const pollId = String(p._id);
  const key = roundKey(pollId, p.round);
  const announce = shut(key);
  let won = true;
  try {
    await deps.models.PollClosure.create({ _id: key, pollId, round: p.round, closedAt: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    won = false;
  }
  await drained(key);
  if (p.secret) await sealRound(deps, pollId, p.round);
  const stored = await deps.models.PollClosure.findById(key).lean();
  if (stored?.tally) return { tally: stored.tally as TallyView, won, announce };
  const ballots = p.secret
    ? await deps.models.SealedBallot.find({ pollId, round: p.round }, { choices: 1, receiptHash: 1 }).lean()
    : await deps.models.NamedBallot.find({ pollId, round: p.round }, { choices: 1, voterId: 1, receipt: 1 }).lean();
  const tally = computeTally(pollDef(p), p.round, N, p.threshold as Threshold, ballots.map((b) => ({
    choices: b.choices, receipt: 'receiptHash' in b ? (b.receiptHash as string) : (b as { receipt: string }).receipt, ...('voterId' in b ? { voterId: b.voterId as string } : {}),
  })), await issuedCount(deps, pollId, p.round));
  await deps.models.PollClosure.updateOne({ _id: key, tally: null }, { $set: { tally } });
  forgetRound(deps, pollId, p.round);
  const final = await deps.models.PollClosure.findById(key).lean();
  return { tally: (final?.tally as TallyView) ?? tally, won, announce };
}

import type { Deps } from '../app/deps.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';

/**
 * Sealing a secret round at its close. While the round was open its ballots were appended in
 * (shuffled) batches and who voted one by one, so their order on disk follows the voting
 * order, and FerretDB returns a collection in that order. Once no more ballots can arrive,
 * the round's ballots are copied into poll_sealed_ballots in receipt order (receipts are
 * hashes: random with respect to voters and time) and who voted into poll_voted_sealed in
 * voter order (domain.md: "who has voted, unordered"), the closure is marked sealed, and the
 * originals deleted.
 * Every step is idempotent (unique _id = receipt; deleteMany), so a crash between them is
 * finished by the next close of that round or by `finishSeals` at start-up.
 * The embedded database runs with SQLite's secure_delete (scripts/lib/ferretdb.mjs), so the
 * deleted originals are zeroed in the database file (noted in the README).
 */
const queue = new KeyedQueue();

export function sealRound(deps: Deps, pollId: string, round: number): Promise<void> {
  const key = `${pollId}:${round}`;
  return queue.run(key, async () => {
    const { SecretBallot, SealedBallot, PollVoted, SealedVoter, PollClosure } = deps.models;
    const closure = await PollClosure.findById(key, { sealed: 1 }).lean();
    if (!closure) throw new Error(`round ${key} is not closed`);
    if (!closure.sealed) {
      // Ballots in receipt order; who voted in voter order: neither follows time any more.
      const ballots = await SecretBallot.find({ pollId, round }).lean();
      await copySorted(SealedBallot.collection, ballots.map((b) => ({ _id: b._id, pollId, round, choices: b.choices, receiptHash: b.receiptHash })));
      const voters = await PollVoted.find({ pollId, round }).lean();
      await copySorted(SealedVoter.collection, voters.map((v) => ({ _id: v._id, pollId, round, voterId: v.voterId, commandId: v.commandId, intent: v.intent })));
      await PollClosure.updateOne({ _id: key }, { $set: { sealed: true } });
    }
    await SecretBallot.deleteMany({ pollId, round });
    await PollVoted.deleteMany({ pollId, round });
  });
}

/** Inserts copies sorted by _id; copies made before a crash are already there (E11000). */
async function copySorted(coll: { insertMany(docs: never[], o: { ordered: false }): Promise<unknown> }, docs: Array<{ _id: string }>): Promise<void> {
  if (docs.length === 0) return;
  docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  try {
    await coll.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const e = err as { code?: number; writeErrors?: Array<{ code: number }> };
    if (!(e.writeErrors ?? [{ code: e.code ?? 0 }]).every((w) => w.code === 11000)) throw err;
  }
}

/** At start-up: completes any seal a crash interrupted. */
export async function finishSeals(deps: Deps): Promise<void> {
  const secretPolls = new Set((await deps.models.Poll.find({ secret: true, status: { $in: ['closed', 'published'] } }, { _id: 1 }).lean()).map((p) => String(p._id)));
  const closures = await deps.models.PollClosure.find({}, { pollId: 1, round: 1, sealed: 1 }).lean();
  for (const c of closures) {
    if (secretPolls.has(c.pollId) && (!c.sealed || await deps.models.SecretBallot.exists({ pollId: c.pollId, round: c.round }) || await deps.models.PollVoted.exists({ pollId: c.pollId, round: c.round }))) await sealRound(deps, c.pollId, c.round);
  }
}

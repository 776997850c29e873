import { randomInt } from 'node:crypto';
import type { Deps } from '../app/deps.js';
import { GroupCommit } from '../platform/shared/groupCommit.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';

/**
 * The two writes of a ballot, group-committed (shared/groupCommit.ts): hundreds of delegates
 * voting in the same second cost a few insertMany round trips, not hundreds of single writes
 * (FerretDB commits each write alone, ~5 ms each). Every caller is answered only after the
 * batch holding its document is written.
 *
 * 1. guard: PollVoted {_id: pollId:round:voterId, …} — the unique index refuses a second
 *    ballot of the same delegate in the same round ('duplicate').
 * 2. ballot: checks, once per round in the batch, that no close has been recorded, then
 *    inserts the batch's ballots — secret ones in shuffled order ('closed' if the round is
 *    closed; 'duplicate' if a ballot with this receipt is already stored).
 *
 * `cast` does both for a batch in one turn (guards, then the ballots of the guards written):
 * a ballot waits for one batch, not for a guard batch and then a ballot batch behind it
 * (measured with 500 ballots in a second: the two waits were most of the acknowledgement's
 * time; each write itself took 1–2 ms at the median). `ballots` alone serves the rare path of
 * a resend whose ballot was never stored.
 */
export interface GuardDoc { _id: string; pollId: string; round: number; voterId: string; commandId: string; intent: string }
export interface BallotDoc { _id: string; pollId: string; round: number; choices: string[]; receiptHash?: string; receipt?: string; voterId?: string; commandId?: string }
export type WriteResult = 'written' | 'duplicate' | 'closed';
/** What `cast` did: the guard refused as a second ballot ('duplicate'), the round found closed, or both written. */
export type CastResult = 'written' | 'guard-duplicate' | 'closed';
export interface CastItem { guard: GuardDoc; ballot: { secret: boolean; doc: BallotDoc } }

type BulkError = { code?: number; writeErrors?: Array<{ index: number; code: number }> };

/** insertMany, unordered: per document 'written' or 'duplicate'; any other error throws. */
async function insertEach(coll: { insertMany(docs: object[], o: { ordered: false }): Promise<unknown> }, docs: object[]): Promise<WriteResult[]> {
  const out: WriteResult[] = docs.map(() => 'written');
  if (docs.length === 0) return out;
  try {
    await coll.insertMany(docs, { ordered: false });
  } catch (err) {
    const e = err as BulkError;
    const writeErrors = e.writeErrors ?? (e.code === 11000 ? [{ index: 0, code: 11000 }] : null);
    if (!writeErrors || writeErrors.some((w) => w.code !== 11000)) throw err;
    for (const w of writeErrors) out[w.index] = 'duplicate';
  }
  return out;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function makeWriters(deps: Deps) {
  const { PollVoted, SecretBallot, NamedBallot, PollClosure } = deps.models;
  // One lane for both: two writers at once make SQLite answer "busy" and FerretDB retry after
  // a pause (measured: batches of 10 taking 300–800 ms instead of ~20 ms).
  const lane = new KeyedQueue();
  const ballots = new GroupCommit<{ secret: boolean; doc: BallotDoc }, WriteResult>((items) => lane.run('w', () => writeBallots(items)));
  const cast = new GroupCommit<CastItem, CastResult>((items) => lane.run('w', () => writeCasts(items)));
  async function writeCasts(items: CastItem[]): Promise<CastResult[]> {
    const guarded = await insertEach(PollVoted.collection, items.map((i) => i.guard));
    const out: CastResult[] = guarded.map((g) => (g === 'duplicate' ? 'guard-duplicate' : 'closed'));
    const next = items.map((it, i) => ({ it, i })).filter(({ i }) => guarded[i] === 'written');
    const written = await writeBallots(next.map(({ it }) => it.ballot));
    // A ballot already stored under its receipt is this one (a receipt is unique to voter and command).
    next.forEach(({ i }, k) => { out[i] = written[k] === 'closed' ? 'closed' : 'written'; });
    return out;
  }
  async function writeBallots(items: Array<{ secret: boolean; doc: BallotDoc }>): Promise<WriteResult[]> {
    const out: WriteResult[] = items.map(() => 'closed');
    if (items.length === 0) return out;
    const rounds = [...new Set(items.map((i) => `${i.doc.pollId}:${i.doc.round}`))];
    const closed = new Set((await PollClosure.find({ _id: { $in: rounds } }, { _id: 1 }).lean()).map((c) => String(c._id)));
    const open = items.map((it, i) => ({ it, i })).filter(({ it }) => !closed.has(`${it.doc.pollId}:${it.doc.round}`));
    const secret = shuffle(open.filter(({ it }) => it.secret));
    const named = open.filter(({ it }) => !it.secret);
    const s = await insertEach(SecretBallot.collection, secret.map(({ it }) => it.doc));
    const n = await insertEach(NamedBallot.collection, named.map(({ it }) => it.doc));
    secret.forEach(({ i }, k) => { out[i] = s[k]!; });
    named.forEach(({ i }, k) => { out[i] = n[k]!; });
    return out;
  }
  return { ballots, cast };
}

const writers = new WeakMap<Deps['models'], ReturnType<typeof makeWriters>>();
export function ballotWriters(deps: Deps) {
  let w = writers.get(deps.models);
  if (!w) writers.set(deps.models, (w = makeWriters(deps)));
  return w;
}

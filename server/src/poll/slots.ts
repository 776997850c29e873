import { randomUUID, randomInt } from 'node:crypto';
import type { Deps } from '../deps.js';
import { councilMembers } from '../auth/councilMembers.js';

/**
 * Ballot slots for secret polls: the stored order of secret ballots says nothing about who
 * voted when. FerretDB (SQLite) returns a collection in insertion order, and an UPDATE keeps a
 * row where it is; poll_voted is written voter by voter, so ballots inserted one by one would
 * pair with it by position. Instead, when a round opens, one empty slot per delegate of the
 * council (plus a margin) is inserted up front, and each ballot fills a slot drawn at random.
 * The ballots' order on disk is then the slots' order, fixed before anyone voted.
 *
 * A slot is free while `free` is true (its receiptHash is a unique placeholder, so the unique
 * index {pollId, round, receiptHash} still makes a resent ballot a no-op). The tally ignores
 * free slots. If every slot is taken (more voters than delegates listed at the opening), a
 * ballot is inserted as a new document, which leaks only its own position.
 */
const MARGIN = 5;
type Pool = { ids: string[] | null; loading: Promise<string[]> | null };
const pools = new WeakMap<Deps['models'], Map<string, Pool>>();

const keyOf = (pollId: string, round: number) => `${pollId}:${round}`;

/** Inserts the empty slots of a round (idempotent: a second call for the same round adds none). */
export async function createSlots(deps: Deps, pollId: string, round: number, councilId: string): Promise<void> {
  if (await deps.models.SecretBallot.exists({ pollId, round })) return;
  const members = await councilMembers(deps, councilId);
  const delegates = [...members.values()].filter((m) => m.roles.includes('delegate')).length;
  const docs = Array.from({ length: delegates + MARGIN }, () => {
    const id = randomUUID();
    return { _id: id, pollId, round, choices: [], receiptHash: `free:${id}`, free: true };
  });
  await deps.models.SecretBallot.insertMany(docs, { ordered: false });
}

function poolOf(deps: Deps, key: string): Pool {
  let m = pools.get(deps.models);
  if (!m) pools.set(deps.models, (m = new Map()));
  let p = m.get(key);
  if (!p) m.set(key, (p = { ids: null, loading: null }));
  return p;
}

/** The free slots of a round, shuffled, read once per process (after a restart, again). */
async function freeIds(deps: Deps, pollId: string, round: number): Promise<string[]> {
  const pool = poolOf(deps, keyOf(pollId, round));
  if (pool.ids) return pool.ids;
  pool.loading ??= deps.models.SecretBallot.find({ pollId, round, free: true }, { _id: 1 }).lean().then((docs) => {
    const ids = docs.map((d) => String(d._id));
    for (let i = ids.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    pool.ids = ids;
    return ids;
  });
  return pool.loading;
}

/**
 * Stores a secret ballot in a random free slot. Throws E11000 (as an insert would) when a
 * ballot with this receipt is already stored: the caller treats that as a resend.
 */
export async function storeSecretBallot(deps: Deps, b: { pollId: string; round: number; choices: string[]; receiptHash: string }): Promise<void> {
  const ids = await freeIds(deps, b.pollId, b.round);
  for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
    try {
      const res = await deps.models.SecretBallot.updateOne({ _id: id, free: true }, { $set: { free: false, choices: b.choices, receiptHash: b.receiptHash } });
      if (res.matchedCount === 1) return;
    } catch (err) {
      ids.push(id); // the slot stays free for another ballot
      throw err;
    }
  }
  await deps.models.SecretBallot.create({ _id: randomUUID(), pollId: b.pollId, round: b.round, choices: b.choices, receiptHash: b.receiptHash, free: false });
}

/** Forgets a round's in-memory slot list (its round is closed). */
export function dropSlots(deps: Deps, pollId: string, round: number): void {
  pools.get(deps.models)?.delete(keyOf(pollId, round));
}

import type { Models } from '../app/models.js';
import { GENESIS_HASH } from './hash.js';

type AuditModel = Models['AuditEntry'];

/** The last entry of a chain: seq 0 and the genesis hash for a chain not yet started. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * A guessed head and when this process last read the chain from the database to build it
 * (`performance.now()`; -Infinity when it never did: every entry up to it was inserted by
 * this process at the head it guessed). Entries of other processes in the chain up to the
 * guess were all written before `readAt`.
 */
export interface GuessedHead extends ChainHead {
  readAt: number;
}

const NEVER_READ: GuessedHead = Object.freeze({ ...EMPTY_HEAD, readAt: -Infinity });

/**
 * The head each chain had when this process last wrote to it, per connection: a guess the
 * next insert tests for free, since the unique index refuses it if another process moved
 * on. Without a guess the chain is assumed new (EMPTY_HEAD), so a sitting's first entry
 * needs no read either; an existing chain refuses seq 1 and is read once.
 * Why guess: FerretDB 1.24 (SQLite) answers every query by scanning the whole collection,
 * even an `_id` lookup (its pushed-down `->'$._id'` expression does not match the index on
 * `->"_id"`), about 1.3 s at 20 000 entries. A wrong or lost guess costs one failed insert
 * and one read, never correctness.
 */
const MAX_CACHED_CHAINS = 10_000;
const guesses = new WeakMap<AuditModel, Map<string, GuessedHead>>();

/** The head this process last wrote for `chain`, else the empty head. */
export function guessedHead(model: AuditModel, chain: string): GuessedHead {
  return guesses.get(model)?.get(chain) ?? NEVER_READ;
}

export function rememberHead(model: AuditModel, chain: string, head: GuessedHead): void {
  let heads = guesses.get(model);
  if (!heads) guesses.set(model, (heads = new Map()));
  if (heads.size >= MAX_CACHED_CHAINS && !heads.has(chain)) heads.clear();
  heads.set(chain, head);
}

/** The chain's entry with the highest seq, read from the database (the `{chain, seq}` index on MongoDB). */
export async function readHead(model: AuditModel, chain: string): Promise<ChainHead> {
  const doc = await model.findOne({ chain }, { _id: 0, seq: 1, hash: 1 }).sort({ seq: -1 }).lean<ChainHead>();
  return doc ? { seq: doc.seq, hash: doc.hash } : EMPTY_HEAD;
}

import { entryHash, GENESIS_HASH, type HashedEntry } from './hash.js';

/**
 * Why a link is broken:
 * - `seq_gap`: the entry expected at this seq is missing (deleted), another seq is in its place;
 * - `prev_mismatch`: the entry does not point at the previous entry's hash (an entry before
 *   it was replaced, re-hashed, or this one was re-linked);
 * - `hash_mismatch`: the entry's content no longer matches its own hash (edited in place).
 */
export type BrokenReason = 'hash_mismatch' | 'prev_mismatch' | 'seq_gap';

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  /** `entries`: how many entries verified before the break (the intact prefix). */
  | { ok: false; entries: number; firstBroken: { seq: number; reason: BrokenReason } };

/** A stored entry as read back; `hash` is what was stored, checked against a recomputation. */
export type StoredEntry = HashedEntry & { hash: string };

/**
 * Checks one chain's entries fed in seq order, one at a time, so a caller can stream them
 * from a cursor. Stops at the first broken link: everything after it is unverifiable.
 */
export class ChainCheck {
  #entries = 0;
  #head = GENESIS_HASH;
  #broken: { seq: number; reason: BrokenReason } | null = null;

  /** Feeds the next entry; returns false once the chain is known broken (stop feeding). */
  push(entry: StoredEntry): boolean {
    if (this.#broken) return false;
    const expectedSeq = this.#entries + 1;
    const reason = entry.seq !== expectedSeq ? 'seq_gap'
      : entry.prevHash !== this.#head ? 'prev_mismatch'
        : !hashMatches(entry) ? 'hash_mismatch'
          : null;
    if (reason) {
      this.#broken = { seq: expectedSeq, reason };
      return false;
    }
    this.#entries = expectedSeq;
    this.#head = entry.hash;
    return true;
  }

  verdict(): ChainVerdict {
    return this.#broken
      ? { ok: false, entries: this.#entries, firstBroken: this.#broken }
      : { ok: true, entries: this.#entries, head: this.#head };
  }
}

/** A value no append could have written (a BSON type canonicalJson refuses) is tampering too. */
function hashMatches(entry: StoredEntry): boolean {
  try {
    return entryHash(entry.prevHash, entry) === entry.hash;
  } catch {
    return false;
  }
}

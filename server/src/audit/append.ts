import { setTimeout as sleep } from 'node:timers/promises';
import type { Deps } from '../app/deps.js';
import type { Models } from '../app/models.js';
import type { AuditEntry } from './auditEntry.model.js';
import { prepareAuditInput, type AuditInput } from './auditInput.js';
import { guessedHead, readHead, rememberHead } from './chainHead.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { entryHash } from './hash.js';

/** Attempts before giving up on a chain that other processes keep winning. */
export const MAX_APPEND_ATTEMPTS = 20;

/** Thrown when MAX_APPEND_ATTEMPTS inserts all lost the race for the next seq. */
export class AuditContentionError extends Error {
  constructor(readonly chain: string) {
    super(`Audit chain ${chain}: still contended after ${MAX_APPEND_ATTEMPTS} attempts`);
  }
}

const queues = new WeakMap<Models['AuditEntry'], KeyedQueue>();

/**
 * Appends one entry to the end of `input.chain` and returns it. Without transactions the
 * unique `{chain, seq}` index is the arbiter: of two writers inserting the same seq, one
 * gets E11000, re-reads the head and tries the next seq. So a chain never has two entries
 * with one seq, never forks, and has no gap. Appends from this process to one chain are
 * queued and build on the head this process last wrote, without reading (see chainHead.ts):
 * only a chain this process has not written yet, or another process writing the same chain,
 * costs a failed insert, a read of the head and a retry. The insert uses the
 * connection's default write concern (majority + journal on MongoDB).
 *
 * `data` never holds secrets: passwords, tokens, ballot choices are refused (AuditInputError),
 * as is anything FerretDB would not store faithfully (see normaliseAuditData).
 *
 * With `input.once`, an entry another process appended meanwhile is returned instead of a
 * second one. Such an entry can only have been written after `once.since` (the change it
 * records), so the look-up is needed only when this process read the chain after that moment:
 * after each lost insert, and before the first insert when the guessed head was read after
 * `since` (an append of another entry re-read it meanwhile). A guess built before `since`
 * needs no look: the insert at the next seq succeeds only if nothing was appended after it.
 */
export async function appendAudit(deps: Pick<Deps, 'models'>, input: AuditInput): Promise<AuditEntry> {
  const prepared = prepareAuditInput(input);
  const at = new Date();
  const model = deps.models.AuditEntry;
  let queue = queues.get(model);
  if (!queue) queues.set(model, (queue = new KeyedQueue()));

  return queue.run(prepared.chain, async () => {
    let head = guessedHead(model, prepared.chain);
    const find = () => model.findOne({ chain: prepared.chain, ...input.once!.match }, { _id: 0 }).lean<AuditEntry>();
    if (input.once && head.readAt > input.once.since) {
      const already = await find();
      if (already) return already;
    }
    for (let attempt = 1; ; attempt++) {
      const unhashed = { ...prepared, seq: head.seq + 1, at, prevHash: head.hash };
      const entry: AuditEntry = { ...unhashed, hash: entryHash(head.hash, unhashed) };
      try {
        await model.create(entry);
        rememberHead(model, entry.chain, { seq: entry.seq, hash: entry.hash, readAt: head.readAt });
        return entry;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (attempt >= MAX_APPEND_ATTEMPTS) throw new AuditContentionError(prepared.chain);
        // The first loss may only mean a stale guess (or a chain begun before this process
        // started); later ones mean other processes are writing this chain right now: a
        // random, growing pause (up to 100 ms) keeps the losers from colliding again.
        if (attempt > 1) await sleep(Math.random() * Math.min(2 ** attempt, 100));
        head = { ...(await readHead(model, prepared.chain)), readAt: performance.now() };
        // The chain moved on without this process: the same entry may be among the new ones.
        const already = input.once ? await find() : null;
        if (already) return already;
      }
    }
  });
}

/** E11000 from the `{chain, seq}` index; FerretDB reports the same code as MongoDB. */
function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> } | null;
  return e?.code === 11000 || (e?.writeErrors ?? []).some((w) => w.code === 11000);
}

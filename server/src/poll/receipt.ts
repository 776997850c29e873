import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Deps } from '../app/deps.js';
import { openPollKey, sealPollKey, wrapsPollKeys, type PollKeyDoc } from './wrappedPollKey.js';

/**
 * Receipts without a stored link from voter to choice.
 *
 *   nonce   = HMAC-SHA256(pollKey, round | voterId | commandId)     — computed, never stored
 *   receipt = SHA-256(pollId | round | sorted choices | nonce)
 *
 * The secret ballot stores only {choices, receiptHash = receipt}; PollVoted stores who voted,
 * their commandId and HMAC(pollKey, receipt) — never the receipt or the choices. A resend of the same command
 * recomputes the same nonce, hence the same receipt, and finds the ballot by it: the resend
 * is answered with the same receipt and stores nothing new.
 *
 * pollKey is 32 random bytes per poll, kept in the `poll_keys` collection (so receipts
 * survive a restart) and destroyed when the results are published. Without a PKCS#11 token
 * the key is stored in clear, and the HONEST LIMIT holds: between opening and publication,
 * someone holding a copy of the whole database (poll_keys + poll_voted + ballots) can
 * recompute every voter's nonce, try the few possible choice sets and so link voter to
 * choice. With a token (SIGNING_PKCS11_MODULE) only the key wrapped by the token's AES key is
 * stored (wrappedPollKey.ts): the copy alone no longer suffices, the token is needed too.
 * After publication the stored data holds no link.
 *
 * Position: FerretDB returns a collection in insertion order. Secret ballots are written in
 * shuffled batches while the round is open, and at the close rewritten in receipt order and
 * the originals deleted (seal.ts), so after the close their order follows nothing.
 */
const cache = new WeakMap<Deps['models'], Map<string, Promise<Buffer>>>();

/** A new key for the poll, wrapped when a token is configured (it then throws, plainly, when the token is down: call before writing anything). */
export const newPollKey = (deps: Deps, pollId: string): Promise<PollKeyDoc> => sealPollKey(deps, pollId, randomBytes(32));

/** Stores the key once (a resend finds it stored). */
export async function storePollKey(deps: Deps, doc: PollKeyDoc): Promise<void> {
  try { await deps.models.PollKey.create(doc); } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

export async function createPollKey(deps: Deps, pollId: string): Promise<void> {
  await storePollKey(deps, await newPollKey(deps, pollId));
}

/** After publication: receipts are final and no ballot can be cast, so the key is destroyed. */
export async function destroyPollKey(deps: Deps, pollId: string): Promise<void> {
  await deps.models.PollKey.deleteOne({ _id: pollId });
  cache.get(deps.models)?.delete(pollId);
}

/** With a token: unwraps the key now (then cached), so a token that is down stops an opening before it writes anything. */
export async function pollKeyReady(deps: Deps, pollId: string): Promise<void> {
  if (wrapsPollKeys(deps)) await pollKey(deps, pollId);
}

/** The key, read (and, when wrapped, unwrapped by the token) once per poll per process. */
function pollKey(deps: Deps, pollId: string): Promise<Buffer> {
  let m = cache.get(deps.models);
  if (!m) cache.set(deps.models, (m = new Map()));
  const hit = m.get(pollId);
  if (hit) return hit;
  const reading = (async () => {
    const doc = await deps.models.PollKey.findById(pollId).lean<PollKeyDoc>();
    if (!doc) throw new Error(`poll ${pollId} has no receipt key`);
    return openPollKey(deps, doc);
  })();
  m.set(pollId, reading);
  reading.catch(() => { if (m.get(pollId) === reading) m.delete(pollId); });
  return reading;
}

export async function receiptFor(deps: Deps, b: { pollId: string; round: number; voterId: string; commandId: string; choices: readonly string[] }): Promise<string> {
  const nonce = createHmac('sha256', await pollKey(deps, b.pollId)).update(`${b.round}|${b.voterId}|${b.commandId}`).digest('hex');
  return createHash('sha256').update(`${b.pollId}|${b.round}|${b.choices.join(',')}|${nonce}`).digest('hex');
}

/** HMAC(pollKey, receipt): stored with who voted, so a resend can prove it is the same ballot. */
export async function intentFor(deps: Deps, pollId: string, receipt: string): Promise<string> {
  return createHmac('sha256', await pollKey(deps, pollId)).update(`intent|${receipt}`).digest('hex');
}

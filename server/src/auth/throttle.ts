import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';

/**
 * Sign-in throttling (OWASP: credential stuffing and brute force), built for a hall where
 * sixty tablets sign in from one address:
 *
 * 1. **Per account.** After SIGNIN_MAX_FAILURES failures for one account in the last
 *    SIGNIN_WINDOW_MINUTES, from any address, that account is refused (429, with the minutes
 *    until it may try again) even with the right password. Other accounts are not affected.
 *
 * 2. **Per address, far above a hall.** An address with SIGNIN_ADDRESS_MAX_FAILURES failures
 *    in the window (default 300, for any accounts; a hall's typing mistakes are a few dozen)
 *    is "over its limit". An address over its limit still never refuses an account that has
 *    no failure of its own in the window: a delegate typing the right password gets in. It
 *    refuses, instead, every account that already failed in the window (so the address gets
 *    one guess per account per window instead of SIGNIN_MAX_FAILURES), unless that account
 *    signed in successfully from this same address in the last SIGNIN_KNOWN_ADDRESS_DAYS
 *    (a delegate who mistyped once in a hall under attack is not locked out). A login that
 *    names no account is treated exactly like one that does, so the answers do not reveal
 *    which accounts exist.
 *
 * What this does not stop: an address over its limit still gets one guess for each account
 * in each window, which is what credential stuffing (one leaked password per account) needs.
 * Refusing that would also refuse a delegate signing in from the hall for the first time;
 * the defence against it is a second factor, not the address.
 *
 * Storage: one document per key, read and written only by `_id` (FerretDB scans for any
 * other filter); failures are appended with `$push`, one at a time per key (see push), and
 * trimmed to the window on the next read; stale documents are pruned by hand at most once a
 * minute (no TTL index).
 */

const accountKey = (login: string) => `account:${login.toLowerCase()}`;
const addressKey = (ip: string) => `address:${ip}`;
const knownKey = (login: string, ip: string) => `known:${ip} ${login.toLowerCase()}`;

const MINUTE = 60_000;
const PRUNE_EVERY_MS = MINUTE;
const lastPrune = new WeakMap<Deps, number>();
/** Writes to one throttle key, one at a time in this process (see push). */
const writes = new KeyedQueue();

interface Recent {
  /** Failures in the window, oldest first. */
  times: number[];
  /** When the key falls below `max` failures in the window (only meaningful when `times.length >= max`). */
  retryAt: number;
}

/**
 * The failures of one key inside the window. The stored list is trimmed (to the window and
 * to the newest `keep`) when it holds more than that, unless a failure was pushed meanwhile.
 */
async function recentFailures(deps: Deps, key: string, since: number, windowMs: number, keep: number): Promise<Recent> {
  const { SignInFailure } = deps.models;
  const doc = await SignInFailure.findById(key).lean();
  const stored = (doc?.at ?? []).map((d) => new Date(d).getTime()).sort((a, b) => a - b);
  const times = stored.filter((t) => t >= since);
  const kept = times.slice(-keep);
  if (doc && kept.length < stored.length) {
    // In the key's lane, like every write to it (see push): a trim never overwrites a failure.
    await writes.run(key, () => SignInFailure.updateOne({ _id: key, n: doc.n }, { $set: { at: kept.map((t) => new Date(t)) } }));
  }
  // Below `keep` failures: the count is exact. At or above it: the `keep`-th newest leaving
  // the window brings the key back under its limit (later failures may push that back).
  const pivot = times.length >= keep ? times[times.length - keep]! : times[0] ?? Date.now();
  return { times, retryAt: pivot + windowMs };
}

function refuse(deps: Deps, retryAt: number, reason: 'account' | 'address', ip: string): never {
  deps.log.warn({ reason, ip }, 'sign-in throttled');
  throw errors.tooManyAttempts(Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)));
}

/** Refuses a sign-in the rules above do not allow; the message says when to try again. */
export async function assertNotThrottled(deps: Deps, login: string, ip: string): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_ADDRESS_MAX_FAILURES: addressMax } = deps.config;
  const windowMs = deps.config.SIGNIN_WINDOW_MINUTES * MINUTE;
  const since = Date.now() - windowMs;
  const account = await recentFailures(deps, accountKey(login), since, windowMs, max);
  if (account.times.length >= max) refuse(deps, account.retryAt, 'account', ip);
  if (account.times.length === 0) return; // the address limit never refuses an account with no failures of its own
  const address = await recentFailures(deps, addressKey(ip), since, windowMs, addressMax);
  if (address.times.length < addressMax) return;
  if (await knownFromAddress(deps, login, ip)) return;
  // Free again when either the account's own failures or the address's excess leave the window.
  refuse(deps, Math.min(account.times[0]! + windowMs, address.retryAt), 'address', ip);
}

async function knownFromAddress(deps: Deps, login: string, ip: string): Promise<boolean> {
  if (deps.config.SIGNIN_KNOWN_ADDRESS_DAYS === 0) return false;
  const doc = await deps.models.SignInFailure.findById(knownKey(login, ip)).lean();
  return !!doc && doc.expiresAt.getTime() > Date.now();
}

/**
 * Appends a failure to a key. Sixty tablets behind one address fail at once on the same
 * address key: FerretDB applies an update by reading and rewriting the document, so two
 * concurrent pushes can lose one, and two concurrent upserts of a new key collide on `_id`
 * (duplicate key, on MongoDB too). So pushes to one key run one at a time in this process
 * (one server process per database, see the README), and an upsert that lost the race to
 * create the document is applied again as an update.
 */
const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

async function push(deps: Deps, key: string, at: Date, expiresAt: Date): Promise<void> {
  await upsert(deps, key, { $push: { at }, $inc: { n: 1 }, $set: { expiresAt } });
}

function upsert(deps: Deps, key: string, update: Record<string, object>): Promise<void> {
  return writes.run(key, async () => {
    try {
      await deps.models.SignInFailure.updateOne({ _id: key }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await deps.models.SignInFailure.updateOne({ _id: key }, update);
    }
  });
}

/** Counts a failed sign-in against the account and the address. */
export async function recordFailure(deps: Deps, login: string, ip: string): Promise<void> {
  const at = new Date();
  const expiresAt = new Date(at.getTime() + deps.config.SIGNIN_WINDOW_MINUTES * MINUTE);
  await push(deps, accountKey(login), at, expiresAt);
  await push(deps, addressKey(ip), at, expiresAt);
  await pruneNowAndThen(deps);
}

/**
 * A successful sign-in clears the account's failures (not the address's) and, when
 * SIGNIN_KNOWN_ADDRESS_DAYS > 0, remembers that the account signs in from this address.
 */
export async function recordSuccess(deps: Deps, login: string, ip: string): Promise<void> {
  const { SignInFailure } = deps.models;
  await SignInFailure.deleteOne({ _id: accountKey(login) });
  const days = deps.config.SIGNIN_KNOWN_ADDRESS_DAYS;
  if (days > 0) {
    const expiresAt = new Date(Date.now() + days * 24 * 60 * MINUTE);
    await upsert(deps, knownKey(login, ip), { $set: { expiresAt } });
  }
  await pruneNowAndThen(deps);
}

/** Deletes expired documents (and those of the older one-per-failure layout), at most once a minute. */
async function pruneNowAndThen(deps: Deps): Promise<void> {
  const now = Date.now();
  if (now - (lastPrune.get(deps) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(deps, now);
  await deps.models.SignInFailure.deleteMany({ $or: [{ expiresAt: { $lt: new Date(now) } }, { expiresAt: { $exists: false } }] });
}

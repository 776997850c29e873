import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { GroupCommit } from '../platform/shared/groupCommit.js';

export const SESSION_COOKIE = 'hdnd_session';
// lastSeenAt is refreshed at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Opens a sign-in session; returns the cookie token `<session id>.<secret>`: 256 random
 * bits, of which only the SHA-256 is stored. The id part lets every check find the session
 * by `_id` — the one lookup FerretDB answers from an index (it scans for anything else).
 */
export async function openLogin(deps: Deps, userId: Types.ObjectId): Promise<string> {
  const _id = new Types.ObjectId();
  const secret = randomBytes(32).toString('base64url');
  const now = new Date();
  await deps.models.LoginSession.create({
    _id,
    tokenHash: hashToken(secret),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + deps.config.SESSION_MAX_HOURS * 3600_000),
  });
  // Ended and expired sessions of this user are of no further use: prune them here, so the
  // collection does not grow with every sign-in (no TTL indexes are relied on).
  await deps.models.LoginSession.deleteMany({ userId, $or: [{ endedAt: { $ne: null }, lastSeenAt: { $lt: new Date(now.getTime() - 86_400_000) } }, { expiresAt: { $lt: now } }] });
  return `${_id.toHexString()}.${secret}`;
}

export interface AuthContext {
  userId: string;
  sessionId: string;
}

/**
 * Resolves a token to its live session, enforcing the idle timeout and the maximum age.
 * Throws `unauthenticated` without a token, `session_expired` for an ended or timed-out one.
 */
export async function resolveLogin(deps: Deps, token: string | undefined): Promise<AuthContext> {
  if (!token || token.length > 200) throw errors.unauthenticated();
  const [id, secret] = token.split('.');
  if (!id || !secret || !Types.ObjectId.isValid(id)) throw errors.sessionExpired();
  // Batched with the other checks in flight: the clients of a stopped server reconnect to
  // this one together, hundreds of sessions read by one query instead of one by one.
  const io = batched(deps);
  const s = await io.read.submit(id);
  const given = Buffer.from(hashToken(secret), 'hex');
  if (!s || !timingSafeEqual(Buffer.from(s.tokenHash, 'hex'), given)) throw errors.sessionExpired();
  const auth = await checkLive(deps, s, async (sid) => { await io.touch.submit(sid); });
  remember(deps, auth, s.expiresAt);
  return auth;
}

/**
 * The same check for a socket whose token was verified at connection: by the session's id,
 * so an ended or idle session stops its sockets' commands too.
 */
export async function resolveLoginById(deps: Deps, sessionId: string): Promise<AuthContext> {
  const cache = recentChecks(deps);
  const hit = cache.get(sessionId);
  const now = Date.now();
  if (hit && now - hit.checkedAt < STALE_MS && now < hit.expiresAt && now - hit.activeAt < deps.config.SESSION_IDLE_MINUTES * 60_000) {
    hit.activeAt = now;
    // Older than FRESH_MS: answer now, read the session again in the background (an end
    // written by another process, or by an administrator, is then seen by the next command).
    if (now - hit.checkedAt > FRESH_MS && !hit.refreshing) {
      hit.refreshing = true;
      refreshLater(deps, sessionId);
    }
    return hit.auth;
  }
  return checkById(deps, sessionId);
}

/**
 * Background re-reads, gathered: every session that fell due within REFRESH_MS is read by the
 * same query. FerretDB 1.24 on SQLite scans the whole collection for any look-up by _id (about
 * 30 ms at 500 sessions), so 500 delegates' sessions read one by one, as a vote's commands made
 * them due, kept the database busy for seconds every few seconds, and the ballots queued
 * behind (bench:votes: every other pair of rounds twice as slow). Read together: one scan.
 */
const REFRESH_MS = 1_000;
const refreshes = new WeakMap<Deps['models'], { due: Set<string>; timer: NodeJS.Timeout | null }>();
function refreshLater(deps: Deps, sessionId: string): void {
  let r = refreshes.get(deps.models);
  if (!r) refreshes.set(deps.models, (r = { due: new Set(), timer: null }));
  r.due.add(sessionId);
  const batch = r;
  batch.timer ??= setTimeout(() => {
    const ids = [...batch.due];
    batch.due.clear();
    batch.timer = null;
    const cache = recentChecks(deps);
    // A read remembers a fresh entry (not refreshing); an ended session or a failed read drops it.
    for (const id of ids) checkById(deps, id).then(() => {}, () => cache.delete(id));
  }, REFRESH_MS);
  batch.timer.unref?.();
}

async function checkById(deps: Deps, sessionId: string): Promise<AuthContext> {
  const io = batched(deps);
  const s = await io.read.submit(sessionId);
  const auth = await checkLive(deps, s, async (id) => { await io.touch.submit(id); });
  remember(deps, auth, s!.expiresAt);
  return auth;
}

/** A session just checked (at a socket's connection, or a command): remembered for its sockets. */
function remember(deps: Deps, auth: AuthContext, expiresAt: Date) {
  const now = Date.now();
  recentChecks(deps).set(auth.sessionId, { auth, checkedAt: now, activeAt: now, expiresAt: expiresAt.getTime(), refreshing: false });
}

/**
 * Session reads and lastSeenAt touches for socket commands, batched: when hundreds of
 * delegates act in the same second (a vote), their sessions are read with one query and
 * touched with one write, instead of hundreds of single operations queued in FerretDB ahead
 * of the ballots themselves.
 */
type SessionLean = { _id: Types.ObjectId; userId: Types.ObjectId; tokenHash: string; endedAt?: Date | null; lastSeenAt: Date; expiresAt: Date };
const batchers = new WeakMap<Deps['models'], { read: GroupCommit<string, SessionLean | null>; touch: GroupCommit<string, null> }>();
function batched(deps: Deps): { read: GroupCommit<string, SessionLean | null>; touch: GroupCommit<string, null> } {
  let b = batchers.get(deps.models);
  if (!b) {
    const { LoginSession } = deps.models;
    b = {
      read: new GroupCommit<string, SessionLean | null>(async (ids) => {
        const docs = ids.length === 1
          ? [await LoginSession.findById(ids[0]).lean<SessionLean>()].filter((d): d is SessionLean => d !== null)
          : await LoginSession.find({ _id: { $in: [...new Set(ids)] } }).lean<SessionLean[]>();
        const byId = new Map(docs.map((d) => [String(d._id), d]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      touch: new GroupCommit<string, null>(async (ids) => {
        await LoginSession.updateMany({ _id: { $in: [...new Set(ids)] }, endedAt: null }, { $set: { lastSeenAt: new Date() } });
        return ids.map(() => null);
      }),
    };
    batchers.set(deps.models, b);
  }
  return b;
}

/**
 * A socket's session as last read. A command never waits for the database when the session
 * was read within STALE_MS: the maximum age is checked against the remembered expiry, the
 * idle timeout against this process's own record of the session's last command, and a read
 * older than FRESH_MS is repeated in the background within REFRESH_MS, with the others then
 * due. 500 ballots in the same second would otherwise queue 500 reads ahead of the ballots
 * (FerretDB answers one at a time). Ending a session in this process forgets it at once (and
 * disconnects its sockets); an end written elsewhere is seen by the command after the
 * background read.
 */
const FRESH_MS = 5_000;
const STALE_MS = 10 * 60_000;
type Check = { auth: AuthContext; checkedAt: number; activeAt: number; expiresAt: number; refreshing: boolean };
const checks = new WeakMap<Deps['models'], Map<string, Check>>();
function recentChecks(deps: Deps) {
  let m = checks.get(deps.models);
  if (!m) checks.set(deps.models, (m = new Map()));
  if (m.size > 50_000) m.clear();
  return m;
}

/**
 * Sessions this process has ended. An end is final, so a read that began before the end was
 * written (a background refresh, a request in flight) must not bring the session back into
 * the cache as live: its result is checked against this set first.
 */
const ended = new WeakMap<Deps['models'], Set<string>>();
function endedHere(deps: Deps): Set<string> {
  let e = ended.get(deps.models);
  if (!e) ended.set(deps.models, (e = new Set()));
  if (e.size > 50_000) e.clear();
  return e;
}

async function checkLive(deps: Deps, s: SessionLean | null, touch?: (id: string) => Promise<void>): Promise<AuthContext> {
  if (!s || s.endedAt || endedHere(deps).has(String(s._id))) throw errors.sessionExpired();
  const now = Date.now();
  const idleMs = deps.config.SESSION_IDLE_MINUTES * 60_000;
  if (now - s.lastSeenAt.getTime() > idleMs || now > s.expiresAt.getTime()) {
    await endLogin(deps, s._id, now > s.expiresAt.getTime() ? 'expired' : 'idle_timeout');
    throw errors.sessionExpired();
  }
  if (now - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    if (touch) await touch(String(s._id));
    else await deps.models.LoginSession.updateOne({ _id: s._id, endedAt: null }, { $set: { lastSeenAt: new Date(now) } });
  }
  return { userId: String(s.userId), sessionId: String(s._id) };
}

export async function endLogin(deps: Deps, sessionId: Types.ObjectId | string, reason: string): Promise<void> {
  endedHere(deps).add(String(sessionId));
  recentChecks(deps).delete(String(sessionId));
  await deps.models.LoginSession.updateOne({ _id: sessionId, endedAt: null }, { $set: { endedAt: new Date(), endReason: reason } });
}

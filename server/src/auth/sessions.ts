import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { Deps } from '../deps.js';
import { errors } from '../errors.js';

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
export async function openSession(deps: Deps, userId: Types.ObjectId): Promise<string> {
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
export async function resolveSession(deps: Deps, token: string | undefined): Promise<AuthContext> {
  if (!token || token.length > 200) throw errors.unauthenticated();
  const [id, secret] = token.split('.');
  if (!id || !secret || !Types.ObjectId.isValid(id)) throw errors.sessionExpired();
  const s = await deps.models.LoginSession.findById(id);
  const given = Buffer.from(hashToken(secret), 'hex');
  if (!s || !timingSafeEqual(Buffer.from(s.tokenHash, 'hex'), given)) throw errors.sessionExpired();
  return checkLive(deps, s);
}

/**
 * The same check for a socket whose token was verified at connection: by the session's id,
 * so an ended or idle session stops its sockets' commands too.
 */
export async function resolveSessionById(deps: Deps, sessionId: string): Promise<AuthContext> {
  const cache = recentChecks(deps);
  const hit = cache.get(sessionId);
  if (hit && hit.until > Date.now()) return hit.auth;
  const auth = await checkLive(deps, await deps.models.LoginSession.findById(sessionId));
  cache.set(sessionId, { auth, until: Date.now() + RECHECK_MS });
  return auth;
}

/**
 * A socket's session is read again at most once per RECHECK_MS: 500 ballots in the same
 * second would otherwise queue 500 reads (FerretDB answers them one at a time, ~1.5 ms each).
 * Ending a session in this process forgets it at once (and disconnects its sockets); an end
 * written by another process, or an idle timeout, is seen within RECHECK_MS.
 */
const RECHECK_MS = 1_000;
const checks = new WeakMap<Deps['models'], Map<string, { auth: AuthContext; until: number }>>();
function recentChecks(deps: Deps) {
  let m = checks.get(deps.models);
  if (!m) checks.set(deps.models, (m = new Map()));
  if (m.size > 50_000) m.clear();
  return m;
}

type SessionDoc = Awaited<ReturnType<Deps['models']['LoginSession']['findOne']>>;

async function checkLive(deps: Deps, s: SessionDoc): Promise<AuthContext> {
  if (!s || s.endedAt) throw errors.sessionExpired();
  const now = Date.now();
  const idleMs = deps.config.SESSION_IDLE_MINUTES * 60_000;
  if (now - s.lastSeenAt.getTime() > idleMs || now > s.expiresAt.getTime()) {
    await endSession(deps, s._id, now > s.expiresAt.getTime() ? 'expired' : 'idle_timeout');
    throw errors.sessionExpired();
  }
  if (now - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await deps.models.LoginSession.updateOne({ _id: s._id, endedAt: null }, { $set: { lastSeenAt: new Date(now) } });
  }
  return { userId: String(s.userId), sessionId: String(s._id) };
}

export async function endSession(deps: Deps, sessionId: Types.ObjectId | string, reason: string): Promise<void> {
  recentChecks(deps).delete(String(sessionId));
  await deps.models.LoginSession.updateOne({ _id: sessionId, endedAt: null }, { $set: { endedAt: new Date(), endReason: reason } });
}

import type { Deps } from '../deps.js';
import { errors } from '../errors.js';

const accountKey = (login: string) => `account:${login.toLowerCase()}`;
const addressKey = (ip: string) => `address:${ip}`;

/**
 * Refuses a sign-in when the account or the address has reached the allowed failures in
 * the window; the message says when to try again.
 */
export async function assertNotThrottled(deps: Deps, login: string, ip: string): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_MINUTES: minutes } = deps.config;
  const since = new Date(Date.now() - minutes * 60_000);
  for (const key of [accountKey(login), addressKey(ip)]) {
    const count = await deps.models.SignInFailure.countDocuments({ key, at: { $gte: since } });
    if (count >= max) {
      const oldest = await deps.models.SignInFailure.findOne({ key, at: { $gte: since } }).sort({ at: 1 }).lean();
      const retryAt = (oldest?.at.getTime() ?? Date.now()) + minutes * 60_000;
      deps.log.warn({ key: key.startsWith('account:') ? 'account' : 'address', ip }, 'sign-in throttled');
      throw errors.tooManyAttempts(Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)));
    }
  }
}

export async function recordFailure(deps: Deps, login: string, ip: string): Promise<void> {
  const at = new Date();
  await deps.models.SignInFailure.insertMany([{ key: accountKey(login), at }, { key: addressKey(ip), at }]);
  // Old failures no longer count; prune them here rather than relying on TTL indexes.
  const cutoff = new Date(Date.now() - deps.config.SIGNIN_WINDOW_MINUTES * 60_000 * 2);
  await deps.models.SignInFailure.deleteMany({ at: { $lt: cutoff } });
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearAccountFailures(deps: Deps, login: string): Promise<void> {
  await deps.models.SignInFailure.deleteMany({ key: accountKey(login) });
}

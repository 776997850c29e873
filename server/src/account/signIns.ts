import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { endLogin } from '../auth/logins.js';

/**
 * Ends every live sign-in of a user at once (a disabled account, a new password): each
 * session is ended in the database and its sockets are told `login:ended` (with the reason,
 * so the page can say the account was disabled) and disconnected.
 */
export async function endSignIns(deps: Deps, userId: Types.ObjectId, reason: 'signed_out' | 'account_disabled' = 'signed_out'): Promise<number> {
  const live = await deps.models.LoginSession.find({ userId, endedAt: null }, { _id: 1 }).lean();
  for (const s of live) {
    await endLogin(deps, s._id, reason);
    deps.realtime?.endLogin(String(s._id), reason);
  }
  return live.length;
}

import type { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { rolesIn } from '../council/roles.js';
import { errors } from '../platform/errors.js';

/** Who sees drafts and exports (the secretariat prepares the minutes, the chair presides). */
export const RECORD_STAFF: readonly Role[] = ['secretariat', 'chair'];
/** Who generates and edits the draft. */
export const MINUTES_EDITORS: readonly Role[] = ['secretariat'];
/** Who signs with the council's key. */
export const MINUTES_SIGNERS: readonly Role[] = ['secretariat', 'chair'];
/** Who reads signed minutes. */
export const MINUTES_READERS: readonly Role[] = ['secretariat', 'chair', 'delegate'];

/** The roles the user holds in the council if one of them is in `allowed`, else `forbidden` naming `what`. */
export async function requireRecordRole(deps: Deps, auth: AuthContext, councilId: Types.ObjectId | string, allowed: readonly Role[], what: string): Promise<Role[]> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (!held.some((r) => allowed.includes(r))) throw errors.forbidden(what);
  return held;
}

export const holds = (held: readonly Role[], allowed: readonly Role[]) => held.some((r) => allowed.includes(r));

import type { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { rolesIn } from '../council/roles.js';
import { errors } from '../platform/errors.js';

/** Who convenes a session: generates and sends the notice and invitations. */
export const CONVENERS: readonly Role[] = ['secretariat'];
/** Who sees who was sent what and who has opened the invitation and each document. */
export const STATUS_READERS: readonly Role[] = ['secretariat', 'chair'];
/** Who reads the convening notice itself (it is addressed to the delegates). */
export const NOTICE_READERS: readonly Role[] = ['secretariat', 'chair', 'delegate'];
/** Who is invited: the chair, the delegates and the council's invited guests. */
export const INVITED: readonly Role[] = ['chair', 'delegate', 'observer'];

/** The roles the user holds in the council if one is in `allowed`, else `forbidden` naming `what`. */
export async function requireRole(deps: Deps, auth: AuthContext, councilId: Types.ObjectId | string, allowed: readonly Role[], what: string): Promise<Role[]> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (!held.some((r) => allowed.includes(r))) throw errors.forbidden(what);
  return held;
}

import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { administeredUnitIds } from '../council/roles.js';
import { errors } from '../platform/errors.js';

/**
 * Who may administer an account: an admin whose units (council/roles.ts: their councils'
 * units and everything below) hold every council the account is a member of; for an
 * account with no membership yet, any admin. "Every", not "any": otherwise the admin of a
 * commune could reset the password of a province chair who also sits in that commune's
 * council, and sign in as them.
 */
export async function requireAccountAdmin(deps: Deps, auth: AuthContext, userId: Types.ObjectId): Promise<void> {
  const administered = await administeredUnitIds(deps, auth.userId);
  if (administered.size === 0) throw errors.forbidden('quản lý tài khoản');
  const councilIds = await deps.models.Membership.distinct('councilId', { userId });
  const councils = await deps.models.Council.find({ _id: { $in: councilIds } }, { unitId: 1 }).lean();
  if (!councils.every((c) => administered.has(String(c.unitId)))) throw errors.forbidden('quản lý tài khoản này');
}

/** Throws `forbidden` unless the user administers some unit. Returns the units. */
export async function requireSomeAdmin(deps: Deps, auth: AuthContext): Promise<Set<string>> {
  const administered = await administeredUnitIds(deps, auth.userId);
  if (administered.size === 0) throw errors.forbidden('quản lý tài khoản');
  return administered;
}

/**
 * A filter on users keeping the accounts the admin may administer (the rule above): it
 * leaves out every user holding a membership in a council outside the admin's units.
 */
export async function administrableUsers(deps: Deps, administered: Set<string>): Promise<Record<string, unknown>> {
  const { Council, Membership } = deps.models;
  const inside = await Council.find({ unitId: { $in: [...administered].map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean();
  const outsideUsers = await Membership.distinct('userId', { councilId: { $nin: inside.map((c) => c._id) } });
  return outsideUsers.length ? { _id: { $nin: outsideUsers } } : {};
}

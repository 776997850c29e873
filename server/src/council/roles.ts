import { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import type { AuthContext } from '../auth/logins.js';

/**
 * Authorisation: roles come from council memberships. An admin of a council administers
 * that council's unit and every unit below it (a province admin manages its communes).
 */
export async function rolesIn(deps: Deps, userId: string, councilId: string): Promise<Role[]> {
  if (!Types.ObjectId.isValid(councilId)) return [];
  const ms = await deps.models.Membership.find({ userId: new Types.ObjectId(userId), councilId: new Types.ObjectId(councilId) }).lean();
  return ms.map((m) => m.role as Role);
}

/** Throws `forbidden` unless the user holds one of `roles` in the council. */
export async function requireCouncilRole(deps: Deps, auth: AuthContext, councilId: string, roles: readonly Role[]): Promise<Role[]> {
  const held = await rolesIn(deps, auth.userId, councilId);
  if (!held.some((r) => roles.includes(r))) throw errors.forbidden();
  return held;
}

/** Unit ids the user administers: units of councils where they are admin, and all below. */
export async function administeredUnitIds(deps: Deps, userId: string): Promise<Set<string>> {
  const adminMs = await deps.models.Membership.find({ userId: new Types.ObjectId(userId), role: 'admin' }).lean();
  if (adminMs.length === 0) return new Set();
  const councils = await deps.models.Council.find({ _id: { $in: adminMs.map((m) => m.councilId) } }).lean();
  const result = new Set<string>();
  let frontier = councils.map((c) => String(c.unitId));
  while (frontier.length > 0) {
    frontier.forEach((id) => result.add(id));
    const children = await deps.models.Unit.find({ parentId: { $in: frontier.map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean();
    frontier = children.map((c) => String(c._id)).filter((id) => !result.has(id));
  }
  return result;
}

export async function requireUnitAdmin(deps: Deps, auth: AuthContext, unitId: string): Promise<void> {
  const units = await administeredUnitIds(deps, auth.userId);
  if (!units.has(unitId)) throw errors.forbidden('quản trị đơn vị này');
}

/** Reference data (levels, unit types) is edited by any admin. */
export async function requireAnyAdmin(deps: Deps, auth: AuthContext): Promise<void> {
  const n = await deps.models.Membership.countDocuments({ userId: new Types.ObjectId(auth.userId), role: 'admin' });
  if (n === 0) throw errors.forbidden('quản trị hệ thống');
}

import { Types } from 'mongoose';
import type { z } from 'zod';
import type { IdParams } from '../../../contract/common.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import type { AuthContext } from '../auth/logins.js';
import { administeredUnitIds, rolesIn } from '../council/roles.js';

/** Route parameters of `/…/:id` routes, as validated. */
export type ByIdParams = z.infer<typeof IdParams>;

/** Loads a unit or answers `not_found`. */
export async function loadUnit(deps: Deps, id: string) {
  const unit = Types.ObjectId.isValid(id) ? await deps.models.Unit.findById(id).lean() : null;
  if (!unit) throw errors.notFound('đơn vị hành chính');
  return unit;
}

/** Loads a council or answers `not_found`. */
export async function loadCouncil(deps: Deps, id: string) {
  const council = Types.ObjectId.isValid(id) ? await deps.models.Council.findById(id).lean() : null;
  if (!council) throw errors.notFound('hội đồng nhân dân');
  return council;
}

/**
 * The council's staff for member lists and imports: its admin or secretariat, or an admin
 * of its unit from above (a province admin looking after a commune council).
 */
export async function requireCouncilStaff(deps: Deps, auth: AuthContext, council: { _id: Types.ObjectId; unitId: Types.ObjectId }): Promise<void> {
  const held = await rolesIn(deps, auth.userId, String(council._id));
  if (held.includes('admin') || held.includes('secretariat')) return;
  const administered = await administeredUnitIds(deps, auth.userId);
  if (!administered.has(String(council.unitId))) throw errors.forbidden('quản lý thành viên của hội đồng này');
}

/**
 * Creating or moving a unit needs admin rights over its new parent; a top-level unit (a
 * province) needs an admin of an existing top-level unit.
 */
export async function requireParentAdmin(deps: Deps, auth: AuthContext, parentId: string | null): Promise<void> {
  const administered = await administeredUnitIds(deps, auth.userId);
  if (parentId !== null) {
    if (!administered.has(parentId)) throw errors.forbidden('quản trị đơn vị cấp trên này');
    return;
  }
  const ids = [...administered].map((id) => new Types.ObjectId(id));
  if (!(await deps.models.Unit.exists({ _id: { $in: ids }, parentId: null }))) throw errors.forbidden('tạo đơn vị cấp cao nhất');
}

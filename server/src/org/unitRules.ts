import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { unitSubtreeIds } from './unitTree.js';

/** The parts of a unit that refer to other data, after a create or a patch is applied. */
export interface UnitShape {
  unitType: string;
  parentId: string | null;
  validFrom: Date;
  validTo: Date | null;
  lineage: Array<{ kind: string; unitId: string; date: Date }>;
}

/**
 * Checks a unit against the data it refers to: the unit type exists, the parent and the
 * lineage units exist, the validity dates are in order, and (for an existing unit) the new
 * parent is not the unit itself or one below it. Each failure names the field.
 */
export async function checkUnit(deps: Deps, u: UnitShape, selfId?: string): Promise<void> {
  const { Unit, UnitType } = deps.models;
  if (!(await UnitType.exists({ code: u.unitType }))) {
    throw errors.invalidField('unitType', `không có loại đơn vị "${u.unitType}" / unknown unit type`);
  }
  if (u.validTo && u.validTo <= u.validFrom) {
    throw errors.invalidField('validTo', 'ngày hết hiệu lực phải sau ngày có hiệu lực / must be after validFrom');
  }
  if (u.parentId !== null) {
    if (!(await Unit.exists({ _id: new Types.ObjectId(u.parentId) }))) {
      throw errors.invalidField('parentId', 'không có đơn vị cấp trên này / no such parent unit');
    }
    if (selfId && (await unitSubtreeIds(deps, selfId)).has(u.parentId)) {
      throw errors.invalidField('parentId', 'đơn vị không thể nằm dưới chính nó / a unit cannot be placed under itself');
    }
  }
  for (const [i, l] of u.lineage.entries()) {
    if (l.unitId === selfId || !(await Unit.exists({ _id: new Types.ObjectId(l.unitId) }))) {
      throw errors.invalidField(`lineage.${i}.unitId`, 'không có đơn vị này / no such unit');
    }
  }
}

/**
 * Unit codes (mã đơn vị hành chính) are unique: the delegate import finds units by code.
 * Checked here because a unique index would also forbid two units without a code.
 */
export async function checkCodeFree(deps: Deps, code: string | null | undefined, selfId?: string): Promise<void> {
  if (!code) return;
  const other = await deps.models.Unit.findOne({ code }, { _id: 1 }).lean();
  if (other && String(other._id) !== selfId) throw errors.duplicate(`Mã đơn vị "${code}"`);
}

/** Mongo filter for units in force on a date: validFrom ≤ at < validTo (or no validTo). */
export function inForceOn(at: Date) {
  return { validFrom: { $lte: at }, $or: [{ validTo: null }, { validTo: { $gt: at } }] };
}

import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { foldLabel } from './roleLabels.js';
import { unitSubtreeIds } from './unitTree.js';

interface UnitEntry { id: string; name: string; inForce: boolean }

/** Finds units of a council's area by code or by name, as a spreadsheet writes them. */
export interface UnitLookup {
  /** The unit id, or a reason the cell names no single unit. */
  find(cell: string): { id: string } | { reason: string };
}

const nameKey = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Units at or below `rootId`; an empty cell means the root itself. */
export async function buildUnitLookup(deps: Deps, rootId: string, now = new Date()): Promise<UnitLookup> {
  const ids = [...(await unitSubtreeIds(deps, rootId))].map((id) => new Types.ObjectId(id));
  const units = await deps.models.Unit.find({ _id: { $in: ids } }).lean();
  const byCode = new Map<string, UnitEntry>();
  const byName = new Map<string, UnitEntry[]>();
  for (const u of units) {
    const entry = { id: String(u._id), name: u.name, inForce: u.validFrom <= now && (!u.validTo || u.validTo > now) };
    if (u.code) byCode.set(foldLabel(u.code), entry);
    byName.set(nameKey(u.name), [...(byName.get(nameKey(u.name)) ?? []), entry]);
  }
  const rootName = units.find((u) => String(u._id) === rootId)?.name ?? '';
  return {
    find(cell) {
      if (cell.trim() === '') return { id: rootId };
      const coded = byCode.get(foldLabel(cell));
      if (coded) return { id: coded.id };
      const named = byName.get(nameKey(cell)) ?? [];
      // An old district and a new commune may share a name: the one in force wins.
      const candidates = named.length > 1 ? named.filter((u) => u.inForce) : named;
      if (candidates.length === 1) return { id: candidates[0]!.id };
      if (candidates.length > 1) return { reason: `có nhiều đơn vị tên "${cell}", hãy ghi mã đơn vị / several units are named "${cell}"; use the unit code` };
      return { reason: `không tìm thấy đơn vị "${cell}" thuộc ${rootName} / no unit "${cell}" under ${rootName}` };
    },
  };
}

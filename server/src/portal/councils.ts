import type { Types } from 'mongoose';
import type { PublicCouncil } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { oid, portalNotFound } from './visibility.js';

interface CouncilLean { _id: Types.ObjectId; name: string; unitId: Types.ObjectId; electedTotal: number; term?: string | null }

/** The unit's name and its level's name ("Tỉnh"), each empty when the reference data lacks it. */
async function unitAndLevel(deps: Deps, unitId: Types.ObjectId): Promise<{ unitName: string; level: string }> {
  const unit = await deps.models.Unit.findById(unitId, { name: 1, unitType: 1 }).lean();
  if (!unit) return { unitName: '', level: '' };
  const type = await deps.models.UnitType.findOne({ code: unit.unitType }, { level: 1 }).lean();
  const level = type ? await deps.models.Level.findOne({ code: type.level }, { name: 1 }).lean() : null;
  return { unitName: unit.name, level: level?.name ?? '' };
}

export async function publicCouncilView(deps: Deps, c: CouncilLean): Promise<PublicCouncil> {
  return { id: String(c._id), name: c.name, ...(await unitAndLevel(deps, c.unitId)), electedTotal: c.electedTotal, term: c.term ?? null };
}

/** Every council, by name (a council and its elected total are public facts). */
export async function listPublicCouncils(deps: Deps): Promise<PublicCouncil[]> {
  const all = await deps.models.Council.find({}, { name: 1, unitId: 1, electedTotal: 1, term: 1 }).lean<CouncilLean[]>();
  const views = await Promise.all(all.map((c) => publicCouncilView(deps, c)));
  return views.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** One council or `not_found`. */
export async function loadPublicCouncil(deps: Deps, councilId: string): Promise<{ council: CouncilLean; view: PublicCouncil }> {
  const id = oid(councilId);
  const council = id ? await deps.models.Council.findById(id, { name: 1, unitId: 1, electedTotal: 1, term: 1 }).lean<CouncilLean>() : null;
  if (!council) throw portalNotFound('hội đồng nhân dân');
  return { council, view: await publicCouncilView(deps, council) };
}

import type { Types } from 'mongoose';
import type { CouncilView, LevelView, MeetingPointView, SchemeView, UnitTypeView, UnitView } from '../../../contract/org.js';
import type { Scheme, Level, UnitType } from './reference.model.js';
import type { Council } from './council.model.js';
import type { MeetingPoint } from './meetingPoint.model.js';

/** Stored documents as `.lean()` returns them. */
type Stored<T> = T & { _id: Types.ObjectId };

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);

export const schemeView = (s: Scheme): SchemeView => ({ code: s.code, name: s.name, validFrom: iso(s.validFrom), validTo: isoOrNull(s.validTo) });
export const levelView = (l: Level): LevelView => ({ code: l.code, scheme: l.scheme, name: l.name, depth: l.depth });
export const unitTypeView = (t: UnitType): UnitTypeView => ({ code: t.code, level: t.level, name: t.name });

/** A unit as stored, structurally (mongoose's inferred sub-document types differ between lean and hydrated). */
interface StoredUnit {
  _id: Types.ObjectId;
  name: string;
  code?: string | null;
  unitType: string;
  parentId?: Types.ObjectId | null;
  validFrom: Date;
  validTo?: Date | null;
  lineage: ReadonlyArray<{ kind: string; unitId: Types.ObjectId; date: Date }>;
}

export function unitView(u: StoredUnit): UnitView {
  return {
    id: String(u._id),
    name: u.name,
    code: u.code ?? null,
    unitType: u.unitType,
    parentId: idOrNull(u.parentId),
    validFrom: iso(u.validFrom),
    validTo: isoOrNull(u.validTo),
    lineage: u.lineage.map((l) => ({ kind: l.kind as UnitView['lineage'][number]['kind'], unitId: String(l.unitId), date: iso(l.date) })),
  };
}

export function councilView(c: Stored<Council>): CouncilView {
  const r = c.rules ?? {};
  return {
    id: String(c._id),
    unitId: String(c.unitId),
    name: c.name,
    term: c.term,
    termStart: iso(c.termStart),
    termEnd: isoOrNull(c.termEnd),
    electedTotal: c.electedTotal,
    rules: {
      quorumNumerator: r.quorumNumerator ?? 2,
      quorumDenominator: r.quorumDenominator ?? 3,
      firstSpeechSeconds: r.firstSpeechSeconds ?? 420,
      followUpSeconds: r.followUpSeconds ?? 180,
      maxSpeechesPerTopic: r.maxSpeechesPerTopic ?? 2,
      dossierDeadlineDays: r.dossierDeadlineDays ?? 7,
      onlineCountsForQuorum: r.onlineCountsForQuorum ?? true,
      personalDevices: r.personalDevices ?? true,
      onlineGraceSeconds: r.onlineGraceSeconds ?? 120,
      lateBallotsSecret: r.lateBallotsSecret ?? true,
      lateBallotsNamed: r.lateBallotsNamed ?? true,
    },
  };
}

export function meetingPointView(p: Stored<MeetingPoint>): MeetingPointView {
  return { id: String(p._id), unitId: String(p.unitId), name: p.name, address: p.address, capacity: p.capacity };
}

import { Types } from 'mongoose';
import type { Models } from '../app/models.js';
import type { SeedDoc, SeedLedger } from './ledger.js';

/**
 * An invented province on the two-level structure in force since 1 July 2025, with three
 * communes formed that day from the communes of a dissolved district. The district and
 * its old communes stay as units valid until 30 June 2025, so older records still name
 * them, and their lineage says where each went.
 */
const TWO_LEVEL_FROM = new Date('2025-07-01');
// validTo is exclusive: the first day the unit no longer exists (see contract/org.ts).
const THREE_LEVEL_TO = new Date('2025-07-01');

export const PROVINCE = {
  name: 'Tỉnh Sông Hồng',
  code: 'SH',
  council: 'Hội đồng nhân dân tỉnh Sông Hồng khóa XVI',
  term: 'Khóa XVI (2021–2026)',
  electedTotal: 50,
  hall: { name: 'Hội trường Hội đồng nhân dân tỉnh', address: 'Số 1 đường Trần Hưng Đạo, phường Hồng Châu, tỉnh Sông Hồng', capacity: 150 },
};

export const DISTRICT = { name: 'Huyện Đồng Xuân', code: 'SH-DX', unitType: 'huyen' };

/** Each new commune with its council size N and the old communes merged into it. */
export const COMMUNES = [
  { name: 'Phường Hồng Châu', code: 'SH-HC', unitType: 'phuong', electedTotal: 28, merged: [['Thị trấn Đồng Xuân', 'thi-tran'], ['Xã Châu Sơn', 'xa-3l']] },
  { name: 'Xã Tân Lập', code: 'SH-TL', unitType: 'xa', electedTotal: 22, merged: [['Xã Tân Phong', 'xa-3l'], ['Xã Tân Tiến', 'xa-3l']] },
  { name: 'Xã Xuân Lôi', code: 'SH-XL', unitType: 'xa', electedTotal: 18, merged: [['Xã Xuân Hòa', 'xa-3l'], ['Xã Xuân Lôi', 'xa-3l'], ['Xã Phú Xuân', 'xa-3l']] },
] as const;

export interface DemoCommune { name: string; unitId: Types.ObjectId; councilId: Types.ObjectId; meetingPointId: Types.ObjectId }
export interface DemoOrganisation {
  province: { unitId: Types.ObjectId; councilId: Types.ObjectId; hallId: Types.ObjectId };
  communes: DemoCommune[];
  district: { unitId: Types.ObjectId; oldCommuneIds: Types.ObjectId[] };
}

const id = () => new Types.ObjectId();

function council(unitId: Types.ObjectId, name: string, term: string, termStart: Date, electedTotal: number): SeedDoc {
  // Rules as in the National Assembly's template: quorum 2/3 of N, 7 then 3 minutes, dossier 7 days ahead.
  const rules = { quorumNumerator: 2, quorumDenominator: 3, firstSpeechSeconds: 420, followUpSeconds: 180, maxSpeechesPerTopic: 2, dossierDeadlineDays: 7, onlineCountsForQuorum: true, personalDevices: true, onlineGraceSeconds: 120 };
  return { _id: id(), unitId, name, term, termStart, termEnd: null, electedTotal, rules };
}

/** Units, councils and meeting points (điểm cầu) of the demo province. */
export async function seedOrganisation(models: Models, ledger: SeedLedger): Promise<DemoOrganisation> {
  const provinceId = id();
  const districtId = id();
  const units: SeedDoc[] = [
    { _id: provinceId, name: PROVINCE.name, code: PROVINCE.code, unitType: 'tinh', parentId: null, validFrom: new Date('1997-01-01'), validTo: null, lineage: [] },
  ];
  const councils: SeedDoc[] = [council(provinceId, PROVINCE.council, PROVINCE.term, new Date('2021-06-01'), PROVINCE.electedTotal)];
  const hallId = id();
  const points: SeedDoc[] = [{ _id: hallId, unitId: provinceId, ...PROVINCE.hall }];
  const communes: DemoCommune[] = [];
  const oldCommuneIds: Types.ObjectId[] = [];

  for (const c of COMMUNES) {
    const unitId = id();
    units.push({ _id: unitId, name: c.name, code: c.code, unitType: c.unitType, parentId: provinceId, validFrom: TWO_LEVEL_FROM, validTo: null, lineage: [] });
    for (const [oldName, oldType] of c.merged) {
      const oldId = id();
      oldCommuneIds.push(oldId);
      units.push({
        _id: oldId, name: oldName, code: null, unitType: oldType, parentId: districtId, validFrom: new Date('1999-01-01'), validTo: THREE_LEVEL_TO,
        lineage: [{ kind: 'merged_into', unitId, date: TWO_LEVEL_FROM }],
      });
    }
    const lower = c.name.replace(/^(Xã|Phường)/, (w) => w.toLowerCase());
    const councilDoc = council(unitId, `Hội đồng nhân dân ${lower}`, 'Nhiệm kỳ 2021–2026', TWO_LEVEL_FROM, c.electedTotal);
    councils.push(councilDoc);
    const meetingPointId = id();
    points.push({ _id: meetingPointId, unitId, name: `Điểm cầu ${lower}`, address: `Hội trường Ủy ban nhân dân ${lower}`, capacity: 40 });
    communes.push({ name: c.name, unitId, councilId: councilDoc._id, meetingPointId });
  }

  // The district was dissolved on 1 July 2025: its territory now lies in the three new communes.
  units.push({
    _id: districtId, name: DISTRICT.name, code: DISTRICT.code, unitType: DISTRICT.unitType, parentId: provinceId,
    validFrom: new Date('1997-01-01'), validTo: THREE_LEVEL_TO,
    lineage: communes.map((c) => ({ kind: 'merged_into', unitId: c.unitId, date: TWO_LEVEL_FROM })),
  });

  await ledger.insert(models.Unit, units);
  await ledger.insert(models.Council, councils);
  await ledger.insert(models.MeetingPoint, points);
  return {
    province: { unitId: provinceId, councilId: councils[0]!._id, hallId },
    communes,
    district: { unitId: districtId, oldCommuneIds },
  };
}

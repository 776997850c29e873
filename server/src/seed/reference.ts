import { Types, type Model } from 'mongoose';
import type { Models } from '../app/models.js';
import type { SeedDoc, SeedLedger } from './ledger.js';

/**
 * Hierarchy reference data. Level and unit-type codes are unique across schemes, so the
 * three-level scheme's province and commune levels, and its xã/phường, carry a `-3l` suffix;
 * the codes of the scheme in force stay short (`province`, `commune`, `xa`, `phuong`).
 */
export const SCHEMES = [
  { code: 'two-level-2025', name: 'Hai cấp: tỉnh – xã (Luật 72/2025/QH15, từ 01/7/2025)', validFrom: new Date('2025-07-01'), validTo: null },
  { code: 'three-level', name: 'Ba cấp: tỉnh – huyện – xã (đến 30/6/2025)', validFrom: new Date('1946-01-01'), validTo: new Date('2025-07-01') },
];

export const LEVELS = [
  { code: 'province', scheme: 'two-level-2025', name: 'Cấp tỉnh', depth: 1 },
  { code: 'commune', scheme: 'two-level-2025', name: 'Cấp xã', depth: 2 },
  { code: 'province-3l', scheme: 'three-level', name: 'Cấp tỉnh', depth: 1 },
  { code: 'district-3l', scheme: 'three-level', name: 'Cấp huyện', depth: 2 },
  { code: 'commune-3l', scheme: 'three-level', name: 'Cấp xã', depth: 3 },
];

export const UNIT_TYPES = [
  { code: 'tinh', level: 'province', name: 'Tỉnh' },
  { code: 'thanh-pho-tw', level: 'province', name: 'Thành phố trực thuộc trung ương' },
  { code: 'xa', level: 'commune', name: 'Xã' },
  { code: 'phuong', level: 'commune', name: 'Phường' },
  { code: 'dac-khu', level: 'commune', name: 'Đặc khu' },
  { code: 'tinh-3l', level: 'province-3l', name: 'Tỉnh' },
  { code: 'thanh-pho-tw-3l', level: 'province-3l', name: 'Thành phố trực thuộc trung ương' },
  { code: 'huyen', level: 'district-3l', name: 'Huyện' },
  { code: 'quan', level: 'district-3l', name: 'Quận' },
  { code: 'thi-xa', level: 'district-3l', name: 'Thị xã' },
  { code: 'thanh-pho-thuoc-tinh', level: 'district-3l', name: 'Thành phố thuộc tỉnh' },
  { code: 'xa-3l', level: 'commune-3l', name: 'Xã' },
  { code: 'phuong-3l', level: 'commune-3l', name: 'Phường' },
  { code: 'thi-tran', level: 'commune-3l', name: 'Thị trấn' },
];

/** Inserts the codes not yet present, so reference data entered by hand is kept as it is. */
async function insertMissing(ledger: SeedLedger, model: Model<any>, rows: Array<{ code: string }>) {
  const existing = new Set((await model.find({}, { code: 1 }).lean<Array<{ code: string }>>()).map((r) => r.code));
  const docs: SeedDoc[] = rows.filter((r) => !existing.has(r.code)).map((r) => ({ _id: new Types.ObjectId(), ...r }));
  await ledger.insert(model, docs);
}

/** Both hierarchy schemes with their levels and unit types. */
export async function seedReference(models: Models, ledger: SeedLedger): Promise<void> {
  await insertMissing(ledger, models.Scheme, SCHEMES);
  await insertMissing(ledger, models.Level, LEVELS);
  await insertMissing(ledger, models.UnitType, UNIT_TYPES);
}

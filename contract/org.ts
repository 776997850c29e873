import { z } from 'zod';
import { Id, IsoDate } from './common.js';
import { Role } from './roles.js';

/**
 * Administrative structure as reference data. Since 1 July 2025 (Law 72/2025/QH15) the
 * structure in force is two levels (province → commune); the three-level structure
 * (province → district → commune) stays for older records.
 */
export const HierarchyScheme = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/).max(40),
  name: z.string().min(1).max(200),
  validFrom: IsoDate,
  validTo: IsoDate.nullable().default(null),
});
export type HierarchyScheme = z.infer<typeof HierarchyScheme>;

/** A level (cấp) within a scheme: depth 1 is the top (province). */
export const LevelInput = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/).max(40),
  scheme: z.string().regex(/^[a-z0-9-]+$/).max(40),
  name: z.string().min(1).max(200),
  depth: z.number().int().min(1).max(5),
});
export type LevelInput = z.infer<typeof LevelInput>;

/** A unit type (loại đơn vị): tỉnh, thành phố, xã, phường, đặc khu… at a level. */
export const UnitTypeInput = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/).max(40),
  level: z.string().regex(/^[a-z0-9-]+$/).max(40),
  name: z.string().min(1).max(200),
});
export type UnitTypeInput = z.infer<typeof UnitTypeInput>;

export const LineageKind = z.enum(['merged_into', 'split_from', 'renamed_from']);

/** An administrative unit (đơn vị hành chính) with validity dates and lineage. */
export const UnitInput = z.object({
  name: z.string().min(1).max(200),
  code: z.string().max(40).optional(),
  unitType: z.string().regex(/^[a-z0-9-]+$/).max(40),
  parentId: Id.nullable().default(null),
  validFrom: IsoDate,
  validTo: IsoDate.nullable().default(null),
  lineage: z.array(z.object({ kind: LineageKind, unitId: Id, date: IsoDate })).max(50).default([]),
});
export type UnitInput = z.infer<typeof UnitInput>;
export const UnitPatch = UnitInput.partial();

/** Working-rule settings of a council (quy chế làm việc); configuration, not code. */
export const CouncilRules = z.object({
  /** Quorum as a fraction of the elected total N, e.g. 2/3. */
  quorumNumerator: z.number().int().min(1).max(100).default(2),
  quorumDenominator: z.number().int().min(1).max(100).default(3),
  /** Speaking limits in seconds (National Assembly template: 7 min, then 3 min, twice per topic). */
  firstSpeechSeconds: z.number().int().min(30).max(3600).default(420),
  followUpSeconds: z.number().int().min(30).max(3600).default(180),
  maxSpeechesPerTopic: z.number().int().min(1).max(10).default(2),
  /** Days before a session the dossier must reach delegates. */
  dossierDeadlineDays: z.number().int().min(0).max(60).default(7),
  /** Whether delegates attending online count toward the quorum. */
  onlineCountsForQuorum: z.boolean().default(true),
}).refine((r) => r.quorumNumerator <= r.quorumDenominator, { message: 'quorum fraction must not exceed 1', path: ['quorumNumerator'] });
export type CouncilRules = z.infer<typeof CouncilRules>;

/** A People's Council (HĐND) of a unit, for one term (khóa). */
export const CouncilInput = z.object({
  unitId: Id,
  name: z.string().min(1).max(200),
  term: z.string().min(1).max(40),
  termStart: IsoDate,
  termEnd: IsoDate.nullable().default(null),
  /** Elected total N: quorum and every threshold count against it. */
  electedTotal: z.number().int().min(1).max(1000),
  rules: CouncilRules.default(CouncilRules.parse({})),
});
export type CouncilInput = z.infer<typeof CouncilInput>;
export const CouncilPatch = z.object({
  name: z.string().min(1).max(200).optional(),
  term: z.string().min(1).max(40).optional(),
  termEnd: IsoDate.nullable().optional(),
  electedTotal: z.number().int().min(1).max(1000).optional(),
  rules: CouncilRules.optional(),
});

/** A meeting point (điểm cầu): a room that belongs to a unit. */
export const MeetingPointInput = z.object({
  unitId: Id,
  name: z.string().min(1).max(200),
  address: z.string().max(400).default(''),
  capacity: z.number().int().min(1).max(2000).default(30),
});
export type MeetingPointInput = z.infer<typeof MeetingPointInput>;

export const MembershipInput = z.object({
  userId: Id,
  councilId: Id,
  role: Role,
  meetingPointId: Id.nullable().default(null),
});
export type MembershipInput = z.infer<typeof MembershipInput>;

/** One rejected row of a delegate CSV import: its line number and why. */
export const ImportRowError = z.object({ line: z.number().int(), reason: z.string() });
export const ImportResult = z.object({
  imported: z.number().int(),
  rejected: z.array(ImportRowError),
});
export type ImportResult = z.infer<typeof ImportResult>;

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
/** One lineage event: this unit was merged into / split from / renamed from `unitId` on `date`. */
export const LineageEntry = z.object({ kind: LineageKind, unitId: Id, date: IsoDate });

/**
 * An administrative unit (đơn vị hành chính) with validity dates and lineage. A unit exists
 * from `validFrom` (inclusive) until `validTo` (exclusive: the first day it no longer
 * exists, e.g. 2025-07-01 for districts dissolved by Law 72/2025/QH15); null means in force.
 */
export const UnitInput = z.object({
  name: z.string().min(1).max(200),
  code: z.string().max(40).optional(),
  unitType: z.string().regex(/^[a-z0-9-]+$/).max(40),
  parentId: Id.nullable().default(null),
  validFrom: IsoDate,
  validTo: IsoDate.nullable().default(null),
  lineage: z.array(LineageEntry).max(50).default([]),
});
export type UnitInput = z.infer<typeof UnitInput>;
export const UnitPatch = z.object({
  name: UnitInput.shape.name,
  code: z.string().max(40).nullable(),
  unitType: UnitInput.shape.unitType,
  parentId: Id.nullable(),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
  lineage: z.array(LineageEntry).max(50),
}).partial();
export type UnitPatch = z.infer<typeof UnitPatch>;

/** The fields of a council's working rules, without defaults (patches send only some). */
const councilRuleFields = {
  /** Quorum as a fraction of the elected total N, e.g. 2/3. */
  quorumNumerator: z.number().int().min(1).max(100),
  quorumDenominator: z.number().int().min(1).max(100),
  /** Speaking limits in seconds (National Assembly template: 7 min, then 3 min, twice per topic). */
  firstSpeechSeconds: z.number().int().min(30).max(3600),
  followUpSeconds: z.number().int().min(30).max(3600),
  maxSpeechesPerTopic: z.number().int().min(1).max(10),
  /** Days before a session the dossier must reach delegates. */
  dossierDeadlineDays: z.number().int().min(0).max(60),
  /** Whether delegates attending online count toward the quorum. */
  onlineCountsForQuorum: z.boolean(),
  /** Whether a delegate may attend online from their own device (not only the hall or a meeting point). */
  personalDevices: z.boolean(),
  /**
   * Seconds a delegate attending from their own device stays "online, reconnecting" (still
   * counted) after the device drops off, before counting as not attending until it is back.
   */
  onlineGraceSeconds: z.number().int().min(0).max(1800),
  /**
   * Whether a delegate who checks in while a round is open is issued a ballot in it, for
   * secret ballots and for named (open) votes (domain.md: the rules may forbid late
   * registration for a secret ballot). Delegates attending at the opening always get one.
   */
  lateBallotsSecret: z.boolean(),
  lateBallotsNamed: z.boolean(),
};
const quorumNotAboveOne = (r: { quorumNumerator?: number; quorumDenominator?: number }) =>
  r.quorumNumerator === undefined || r.quorumDenominator === undefined || r.quorumNumerator <= r.quorumDenominator;
const quorumMessage = { message: 'quorum fraction must not exceed 1 (tỉ lệ túc số không được lớn hơn 1)', path: ['quorumNumerator'] };

/** Working-rule settings of a council (quy chế làm việc); configuration, not code. */
export const CouncilRules = z.object({
  quorumNumerator: councilRuleFields.quorumNumerator.default(2),
  quorumDenominator: councilRuleFields.quorumDenominator.default(3),
  firstSpeechSeconds: councilRuleFields.firstSpeechSeconds.default(420),
  followUpSeconds: councilRuleFields.followUpSeconds.default(180),
  maxSpeechesPerTopic: councilRuleFields.maxSpeechesPerTopic.default(2),
  dossierDeadlineDays: councilRuleFields.dossierDeadlineDays.default(7),
  onlineCountsForQuorum: councilRuleFields.onlineCountsForQuorum.default(true),
  personalDevices: councilRuleFields.personalDevices.default(true),
  onlineGraceSeconds: councilRuleFields.onlineGraceSeconds.default(120),
  lateBallotsSecret: councilRuleFields.lateBallotsSecret.default(true),
  lateBallotsNamed: councilRuleFields.lateBallotsNamed.default(true),
}).refine(quorumNotAboveOne, quorumMessage);
/** Some of the rules: the rest keep their stored values (the merged result is checked again). */
export const CouncilRulesPatch = z.object(councilRuleFields).partial().refine(quorumNotAboveOne, quorumMessage);
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
  rules: CouncilRulesPatch.optional(),
});
export type CouncilPatch = z.infer<typeof CouncilPatch>;

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
  /** The unit the member comes from, if not the council's own (the council's unit or one below it). */
  unitId: Id.nullable().default(null),
  meetingPointId: Id.nullable().default(null),
});
export type MembershipInput = z.infer<typeof MembershipInput>;

/** Where a member sits: the unit they come from and the meeting point they attend from (null clears it). */
export const MembershipPatch = z.object({ unitId: Id.nullable(), meetingPointId: Id.nullable() }).partial();
export type MembershipPatch = z.infer<typeof MembershipPatch>;

/**
 * Search and paging of an admin list. `q` matches names (and codes, logins) ignoring case and
 * diacritics ("ha noi" finds "Hà Nội"); without `page` a list answers its first page of
 * `pageSize` (default: the whole list, as before paging existed).
 */
export const PageQueryFields = {
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(5000).optional(),
};
/** Sent beside `data` by paged lists: `{ ok, data, paging }`. */
export const PageInfo = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type PageInfo = z.infer<typeof PageInfo>;

/** One rejected row of a delegate CSV import: its line number and why. */
export const ImportRowError = z.object({ line: z.number().int(), reason: z.string() });
/** One accepted row: imported, or (dry run) that would be imported. */
export const ImportRowAccepted = z.object({ line: z.number().int(), name: z.string(), login: z.string(), role: Role, newAccount: z.boolean() });
export const ImportResult = z.object({
  imported: z.number().int(),
  rejected: z.array(ImportRowError),
  accepted: z.array(ImportRowAccepted),
  /** True when nothing was written: the rows were only checked. */
  dryRun: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;
/** `?dryRun=true` checks every row and reports, writing nothing. */
export const ImportQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1') });
export type ImportQuery = z.infer<typeof ImportQuery>;

const Code = z.string().regex(/^[a-z0-9-]+$/).max(40);
const Timestamp = z.string();

/** What the admin screens read back. Dates travel as ISO-8601 strings. */
export const SchemeView = z.object({ code: z.string(), name: z.string(), validFrom: Timestamp, validTo: Timestamp.nullable() });
export type SchemeView = z.infer<typeof SchemeView>;
export const LevelView = z.object({ code: z.string(), scheme: z.string(), name: z.string(), depth: z.number().int() });
export type LevelView = z.infer<typeof LevelView>;
export const UnitTypeView = z.object({ code: z.string(), level: z.string(), name: z.string() });
export type UnitTypeView = z.infer<typeof UnitTypeView>;

export const UnitView = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  unitType: z.string(),
  parentId: z.string().nullable(),
  validFrom: Timestamp,
  validTo: Timestamp.nullable(),
  lineage: z.array(z.object({ kind: LineageKind, unitId: z.string(), date: Timestamp })),
});
export type UnitView = z.infer<typeof UnitView>;

/** Filters of the unit list; `at` keeps only units in force on that date. */
export const UnitListQuery = z.object({
  /** A parent's id, or `root` for top-level units. */
  parentId: z.union([Id, z.literal('root')]).optional(),
  unitType: Code.optional(),
  at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  ...PageQueryFields,
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

export const CouncilView = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  term: z.string(),
  termStart: Timestamp,
  termEnd: Timestamp.nullable(),
  electedTotal: z.number().int(),
  rules: z.object({
    quorumNumerator: z.number().int(),
    quorumDenominator: z.number().int(),
    firstSpeechSeconds: z.number().int(),
    followUpSeconds: z.number().int(),
    maxSpeechesPerTopic: z.number().int(),
    dossierDeadlineDays: z.number().int(),
    onlineCountsForQuorum: z.boolean(),
    personalDevices: z.boolean(),
    onlineGraceSeconds: z.number().int(),
    /** Late ballots (see CouncilRules). */
    lateBallotsSecret: z.boolean(),
    lateBallotsNamed: z.boolean(),
  }),
});
export type CouncilView = z.infer<typeof CouncilView>;
export const CouncilListQuery = z.object({ unitId: Id.optional(), ...PageQueryFields });
export type CouncilListQuery = z.infer<typeof CouncilListQuery>;

export const MeetingPointPatch = z.object({
  name: z.string().min(1).max(200),
  address: z.string().max(400),
  capacity: z.number().int().min(1).max(2000),
}).partial();
export type MeetingPointPatch = z.infer<typeof MeetingPointPatch>;
export const MeetingPointView = z.object({ id: z.string(), unitId: z.string(), name: z.string(), address: z.string(), capacity: z.number().int() });
export type MeetingPointView = z.infer<typeof MeetingPointView>;
/** `below=true` adds the meeting points of every unit below (a province council's communes). */
export const MeetingPointListQuery = z.object({ below: z.enum(['true', 'false']).optional().transform((v) => v === 'true'), ...PageQueryFields });
export type MeetingPointListQuery = z.infer<typeof MeetingPointListQuery>;

/** Filters of a council's member list: a role, the operators (or attendees) of one meeting point. */
export const MemberListQuery = z.object({ role: Role.optional(), meetingPointId: Id.optional(), ...PageQueryFields });
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/** A person an admin may give a role: found by name or login among the accounts they look after. */
export const PersonView = z.object({ id: z.string(), displayName: z.string(), login: z.string() });
export type PersonView = z.infer<typeof PersonView>;
export const PersonQuery = z.object({ q: z.string().trim().min(1).max(200) });
export type PersonQuery = z.infer<typeof PersonQuery>;

/** A member of a council as the admin and the secretariat see it. */
export const CouncilMemberView = z.object({
  id: z.string(),
  councilId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  login: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: Role,
  /** The unit the member comes from (for a province council: often a commune). */
  unitId: z.string().nullable(),
  meetingPointId: z.string().nullable(),
  /** False for imported delegates who have not set a password yet. */
  activated: z.boolean(),
  importId: z.string().nullable(),
});
export type CouncilMemberView = z.infer<typeof CouncilMemberView>;

import { Schema, type Types } from 'mongoose';

/**
 * A value allowed inside an entry's `data`. The limits come from what survives a round trip
 * through FerretDB unchanged (anything else would break the entry's hash when read back):
 * no array directly inside an array, no key containing '.' or starting with '$', finite
 * numbers only, well-formed Unicode strings. `normaliseAuditData` enforces them.
 */
export type AuditValue = string | number | boolean | null | Date | Types.ObjectId | AuditData | AuditValue[];

/** The free-form details of an action (e.g. `{ agendaItemId, title }`). Never secrets. */
export interface AuditData {
  [key: string]: AuditValue;
}

/** What the action was done to, e.g. `{ kind: 'agendaItem', id }`. */
export interface AuditSubject {
  kind: string;
  id: Types.ObjectId;
}

/**
 * One link of the audit log (nhật ký kiểm tra): append-only, hash-chained per `chain`.
 * Entries are never updated or deleted; `verifyChain` detects any change made behind the
 * application's back.
 */
export interface AuditEntry {
  /**
   * The independent sequence this entry belongs to, e.g. `sitting:<id>` or `council:<id>`.
   * One chain per sitting keeps unrelated sittings from contending for the same `seq`.
   */
  chain: string;
  /** 1, 2, 3… within the chain; the order of events (`at` may tie or step back across servers). */
  seq: number;
  /** When the action was appended. */
  at: Date;
  /** Who did it; null for the system itself. */
  actorId: Types.ObjectId | null;
  /** `domain:verb`, e.g. `agenda:setCurrent`. */
  action: string;
  subject: AuditSubject;
  data: AuditData;
  /** The previous entry's `hash`, or 64 zeros for `seq` 1. */
  prevHash: string;
  /** sha256 over `prevHash` and the canonical JSON of every field above (see hash.ts). */
  hash: string;
}

/** The document as mongoose sees it (data left untyped: the recursive type is too deep for its generics). */
type StoredAuditEntry = Omit<AuditEntry, 'data'> & { data: Record<string, unknown> };

export const AuditEntrySchema = new Schema<StoredAuditEntry>({
  chain: { type: String, required: true },
  seq: { type: Number, required: true, min: 1 },
  at: { type: Date, required: true },
  actorId: { type: Schema.Types.ObjectId, default: null },
  action: { type: String, required: true },
  subject: {
    kind: { type: String, required: true },
    id: { type: Schema.Types.ObjectId, required: true },
  },
  data: { type: Schema.Types.Mixed, required: true },
  prevHash: { type: String, required: true },
  hash: { type: String, required: true },
}, {
  // The stored document must be exactly what was hashed: no `__v`, no stripped empty objects.
  versionKey: false,
  minimize: false,
  strict: 'throw',
});

/**
 * What makes concurrent appends safe without transactions: of two writers inserting the
 * same seq, one gets E11000 and retries on the new head. On MongoDB it also serves the head
 * lookup and verify's sort. FerretDB 1.24 (SQLite) uses it only to enforce uniqueness: it
 * runs every read as a scan of the whole collection (see chainHead.ts).
 */
AuditEntrySchema.index({ chain: 1, seq: 1 }, { unique: true });

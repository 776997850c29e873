import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A document of a session (tài liệu kỳ họp): one immutable version of one file. The bytes
 * live in GridFS (bucket `files`); this record holds what the secretariat and the access
 * rules need. A new version is a new record (`version` n+1, `supersedes` the old one); the
 * old record gets `supersededBy` and stays on record with its own file.
 */
export const DocumentSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  agendaItemId: { type: Schema.Types.ObjectId, default: null },
  title: { type: String, required: true },
  kind: { type: String, enum: ['submission', 'draft_resolution', 'review_report', 'other'], required: true },
  access: { type: String, enum: ['public', 'council', 'named', 'confidential'], default: 'council' },
  /** Readers of a `named` or `confidential` document besides the secretariat and the chair. */
  allowedUserIds: { type: [Schema.Types.ObjectId], default: [] },
  fileId: { type: Schema.Types.ObjectId, required: true },
  fileName: { type: String, required: true },
  sha256: { type: String, required: true },
  bytes: { type: Number, required: true },
  pages: { type: Number, required: true },
  version: { type: Number, default: 1 },
  supersedes: { type: Schema.Types.ObjectId, default: null },
  /** Set when a newer version is recorded (after it, so a crash may leave it unset: see successorOf). */
  supersededBy: { type: Schema.Types.ObjectId, default: null },
  /**
   * The version this one replaces, present only on versions ≥ 2: its unique index lets
   * exactly one new version follow each version. It is the arbiter because FerretDB 1.24
   * does not apply `updateOne({ _id, supersededBy: null })` atomically: concurrent
   * conditional updates all match, while a unique index holds (E11000 for the losers).
   */
  successorOf: { type: Schema.Types.ObjectId },
  /** The file holds JavaScript or automatic actions (flagged to the uploader, never run). */
  hasScripts: { type: Boolean, default: false },
  /** Where the scripts were found, e.g. `OpenAction`, `/JavaScript` (for the secretariat). */
  scriptTriggers: { type: [String], default: [] },
  uploadedBy: { type: Schema.Types.ObjectId, default: null },
  /** The chunks pdf.js reads to open the file and draw page 1, recorded at upload (openingReads.ts). */
  opening: { type: new Schema({ chunk: Number, spans: [Number] }, { _id: false }), default: null },
  /**
   * Withdrawn (rút) by the secretariat or the chair: set on every version of the document.
   * The record and its file stay for the minutes and the archive; only the staff still see it.
   */
  withdrawnAt: { type: Date, default: null },
  withdrawnBy: { type: Schema.Types.ObjectId, default: null },
  withdrawnReason: { type: String, default: null },
}, { timestamps: true });

// Sparse: first versions have no successorOf (MongoDB would index a null; FerretDB never does).
DocumentSchema.index({ successorOf: 1 }, { unique: true, sparse: true });

export type DocumentRecord = InferSchemaType<typeof DocumentSchema>;

import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A sitting (phiên họp) and its whole live state in ONE document, changed only by
 * compare-and-swap on `version`: FerretDB has no multi-document transactions, and a single
 * document swap is atomic on FerretDB and MongoDB alike. The ids of recently applied
 * commands live in the same document, so a resent command is recognised atomically.
 */
export const SittingSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  councilId: { type: Schema.Types.ObjectId, required: true, index: true },
  title: { type: String, required: true },
  status: { type: String, enum: ['draft', 'published', 'open', 'closed'], default: 'draft' },
  closedDoors: { type: Boolean, default: false },
  meetingPointIds: [{ type: Schema.Types.ObjectId }],
  /** The day (YYYY-MM-DD) and start time (HH:MM), Vietnam time; null until the secretariat sets them. */
  date: { type: String, default: null },
  startTime: { type: String, default: null },
  venue: { type: String, default: '' },
  /** The agenda items it takes up (with their sub-items); empty: the whole session's agenda. */
  agendaItemIds: [{ type: String }],
  version: { type: Number, default: 0 },
  /** Cluster mode: the fencing token of the owner process that wrote the last version (store.ts). */
  fence: { type: Number, default: 0 },
  currentItemId: { type: String, default: null },
  attendance: [{ _id: false, userId: String, status: String, meetingPointId: { type: String, default: null }, reason: { type: String, default: null }, at: String, device: String, place: String, link: String, linkAt: String, linkScore: Number }],
  queue: [{ _id: false, requestId: String, userId: String, kind: String, official: { type: String, default: null }, agendaItemId: { type: String, default: null }, meetingPointId: { type: String, default: null }, requestedAt: String }],
  speaking: { type: Schema.Types.Mixed, default: null },
  /** Speeches given per delegate per agenda item, for the per-topic limit. */
  speechCounts: [{ _id: false, userId: String, agendaItemId: String, count: Number }],
  /**
   * Recently applied commands (bounded): sender|command|id as `key`, a hash of the payload,
   * and the version each produced, so a resend is answered with it (store.ts).
   */
  recentCommands: [{ _id: false, key: String, payloadHash: String, commandId: String, version: Number }],
  /**
   * The audit entry of the last applied change, written with the change itself (one document,
   * so both or neither): if the process dies before the entry reaches the audit chain, the
   * next start appends it (auditRecovery.ts).
   */
  pendingAudit: { type: Schema.Types.Mixed, default: null },
  /** The page a presenter shows now ("follow the presenter"; presenter/lastPage.ts). */
  presenting: { type: Schema.Types.Mixed, default: null },
}, { timestamps: true });

export type SittingDoc = InferSchemaType<typeof SittingSchema>;

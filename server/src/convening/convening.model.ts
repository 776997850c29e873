import { Schema, type InferSchemaType } from 'mongoose';

/**
 * The convening of one session (triệu tập kỳ họp): the number, place, date and signer of
 * its notice and invitations, and the facts they state (`facts`, a snapshot taken when the
 * secretariat generates them), so the PDF an invitee opens later is the one that was e-mailed
 * even if a sitting moves meanwhile; generating again takes a new snapshot.
 */
export const ConveningSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, unique: true },
  councilId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** "15": the notice is 15/TB-HĐND, the invitations 15/GM-HĐND. */
  number: { type: String, required: true },
  place: { type: String, required: true },
  issuedAt: { type: Date, required: true },
  signerTitle: { type: String, required: true },
  signerName: { type: String, required: true },
  facts: { type: Schema.Types.Mixed, required: true },
  generatedBy: { type: Schema.Types.ObjectId, required: true },
}, { timestamps: true });

/**
 * One invitee's invitation (giấy mời): sending is recorded here per invitee, so one bad
 * address never hides the others and a second "Gửi" skips those already sent.
 */
export const InvitationSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  councilId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  role: { type: String, enum: ['chair', 'delegate', 'observer'], required: true },
  sentAt: { type: Date, default: null },
  sentTo: { type: String, default: null },
  sendError: { type: String, default: null },
  lastAttemptAt: { type: Date, default: null },
  openedAt: { type: Date, default: null },
}, { timestamps: true });
InvitationSchema.index({ sessionId: 1, userId: 1 }, { unique: true });

/** The first time a user opened a document version (read status: never what they wrote). */
export const DocumentOpenSchema = new Schema({
  documentId: { type: Schema.Types.ObjectId, required: true },
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  firstOpenedAt: { type: Date, required: true },
});
DocumentOpenSchema.index({ documentId: 1, userId: 1 }, { unique: true });

export type ConveningRecord = InferSchemaType<typeof ConveningSchema>;
export type InvitationRecord = InferSchemaType<typeof InvitationSchema>;

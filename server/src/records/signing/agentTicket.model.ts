import { Schema } from 'mongoose';

/**
 * A one-time hand-off of a council paper (the minutes of a sitting, or the resolution of a
 * poll) to a desktop signing agent (a USB token on the signer's PC): the prepared PDF in
 * GridFS, who signs which revision, until when. Found by the SHA-256
 * of its random token (`tokenHash`, unique); the token itself is never stored. `status` is
 * informative (pending, done, expired); what makes a ticket single-use is SigningTicketUse.
 */
export const SigningTicketSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  /** The paper: the minutes of `sittingId`, or the resolution of `pollId` (adopted at `sittingId`). */
  paper: { type: String, enum: ['minutes', 'resolution'], required: true, default: 'minutes' },
  sittingId: { type: String, required: true },
  pollId: { type: String, default: null },
  councilId: { type: String, required: true },
  userId: { type: String, required: true },
  role: { type: String, enum: ['secretariat', 'chair'], required: true },
  revision: { type: Number, required: true },
  /** The signing time printed in the prepared PDF (and the seal's claimed time). */
  signedAt: { type: Date, required: true },
  preparedFileId: { type: Schema.Types.ObjectId, required: true },
  preparedSha256: { type: String, required: true },
  preparedBytes: { type: Number, required: true },
  /** The signer's block in the prepared PDF ({page, x, y, width, height}): the seal is drawn there, over the agent's signature. */
  sealRoom: { type: Schema.Types.Mixed, default: null },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  status: { type: String, enum: ['pending', 'done', 'expired'], required: true, default: 'pending' },
  doneAt: { type: Date, default: null },
  /** When the prepared PDF was removed from GridFS (an hour after expiry: agentTicketCleanup.ts). */
  preparedRemovedAt: { type: Date, default: null },
}, { versionKey: false });
SigningTicketSchema.index({ sittingId: 1 });

/**
 * The use of a ticket, `_id` = the ticket's id: written once, before the seal is applied to
 * the agent's upload (removed again if that fails). FerretDB does not make a conditional
 * update atomic across connections; of two inserts of one `_id`, one fails.
 */
export const SigningTicketUseSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
}, { versionKey: false });

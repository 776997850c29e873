import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A council session (kỳ họp): regular, thematic or extraordinary. Its sittings (phiên họp)
 * are modelled by the live-sittings work; here a session has its dates, status and place.
 */
export const CouncilSessionSchema = new Schema({
  councilId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** "Kỳ họp thứ 5": how the council numbers its sessions within the term. */
  number: { type: String, default: '' },
  title: { type: String, required: true },
  kind: { type: String, enum: ['regular', 'thematic', 'extraordinary'], default: 'regular' },
  startsAt: { type: Date, required: true },
  endsAt: { type: Date, required: true },
  status: { type: String, enum: ['draft', 'published', 'open', 'closed'], default: 'draft' },
  venue: { type: String, default: '' },
  meetingPointIds: [{ type: Schema.Types.ObjectId }],
  /**
   * Cancelled by the secretariat (with the reason): kept, shown as cancelled, and nothing
   * can be created, published or opened in it. A field beside `status` rather than a status
   * of its own, so the screens that read the status need not learn a new one.
   */
  cancelledAt: { type: Date, default: null },
  cancelReason: { type: String, default: '' },
  cancelledBy: { type: Schema.Types.ObjectId, default: null },
}, { timestamps: true });

export type CouncilSession = InferSchemaType<typeof CouncilSessionSchema>;

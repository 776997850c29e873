import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A council session (kỳ họp): regular, thematic or extraordinary. Its sittings (phiên họp)
 * are modelled by the live-sittings work; here a session has its dates, status and place.
 */
export const CouncilSessionSchema = new Schema({
  councilId: { type: Schema.Types.ObjectId, required: true, index: true },
  title: { type: String, required: true },
  kind: { type: String, enum: ['regular', 'thematic', 'extraordinary'], default: 'regular' },
  startsAt: { type: Date, required: true },
  endsAt: { type: Date, required: true },
  status: { type: String, enum: ['draft', 'published', 'open', 'closed'], default: 'draft' },
  venue: { type: String, default: '' },
  meetingPointIds: [{ type: Schema.Types.ObjectId }],
}, { timestamps: true });

export type CouncilSession = InferSchemaType<typeof CouncilSessionSchema>;

import { Schema, type InferSchemaType } from 'mongoose';

/** A meeting point (điểm cầu): a room of a unit that joins briefings and sittings. */
export const MeetingPointSchema = new Schema({
  unitId: { type: Schema.Types.ObjectId, required: true, index: true },
  name: { type: String, required: true },
  address: { type: String, default: '' },
  capacity: { type: Number, default: 30 },
}, { timestamps: true });

export type MeetingPoint = InferSchemaType<typeof MeetingPointSchema>;

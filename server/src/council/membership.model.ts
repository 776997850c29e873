import { Schema, type InferSchemaType } from 'mongoose';

/** A user's role in one council. The same user may hold memberships in several councils. */
export const MembershipSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  councilId: { type: Schema.Types.ObjectId, required: true, index: true },
  role: { type: String, required: true },
  /** The unit the member comes from when it is not the council's own (a commune delegate of a province council). */
  unitId: { type: Schema.Types.ObjectId, default: null },
  /** For meeting-point operators (and delegates attending from a room): the room. */
  meetingPointId: { type: Schema.Types.ObjectId, default: null },
  /** The CSV import that created it, if any. */
  importId: { type: String, default: null, index: true },
}, { timestamps: true });
MembershipSchema.index({ userId: 1, councilId: 1, role: 1 }, { unique: true });

export type Membership = InferSchemaType<typeof MembershipSchema>;

/**
 * A counter bumped by every write to memberships in this process, so caches of council
 * membership (the live sitting's authorisation path) know at once when they are stale.
 */
let generation = 0;
export const membershipGeneration = (): number => generation;
const bump = () => { generation += 1; };
MembershipSchema.post('save', bump);
MembershipSchema.post('insertMany', bump);
MembershipSchema.post(/^(delete|update|findOneAnd|replace)/, bump);
MembershipSchema.post('deleteOne', { document: true, query: false }, bump);

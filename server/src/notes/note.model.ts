import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A private note or highlight (ghi chú, đánh dấu) on one page of one document version. It
 * belongs to `userId` alone: every query names the owner, so nobody else ever reads it —
 * not the secretariat, not an admin.
 */
export const NoteSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true },
  documentId: { type: Schema.Types.ObjectId, required: true },
  page: { type: Number, required: true },
  kind: { type: String, enum: ['note', 'highlight'], required: true },
  text: { type: String, default: '' },
  /** PDF page units, origin bottom-left; null for a note on the whole page. */
  rect: { type: new Schema({ x: Number, y: Number, w: Number, h: Number }, { _id: false }), default: null },
  color: { type: String, enum: ['yellow', 'green', 'blue', 'pink'], default: 'yellow' },
}, { timestamps: true });

NoteSchema.index({ userId: 1, documentId: 1 });

export type NoteRecord = InferSchemaType<typeof NoteSchema>;

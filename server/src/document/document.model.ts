import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A document of a session (tài liệu kỳ họp). The bytes live in GridFS (bucket `files`);
 * this record holds what the secretariat and the access rules need.
 */
export const DocumentSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  agendaItemId: { type: Schema.Types.ObjectId, default: null },
  title: { type: String, required: true },
  kind: { type: String, enum: ['submission', 'draft_resolution', 'review_report', 'other'], required: true },
  access: { type: String, enum: ['public', 'council', 'named', 'confidential'], default: 'council' },
  fileId: { type: Schema.Types.ObjectId, required: true },
  fileName: { type: String, required: true },
  sha256: { type: String, required: true },
  bytes: { type: Number, required: true },
  pages: { type: Number, required: true },
  version: { type: Number, default: 1 },
  supersedes: { type: Schema.Types.ObjectId, default: null },
}, { timestamps: true });

export type DocumentRecord = InferSchemaType<typeof DocumentSchema>;

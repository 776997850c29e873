import { Schema, type InferSchemaType } from 'mongoose';

const ResponseSchema = new Schema({
  outcome: { type: String, enum: ['accepted', 'explained'], required: true },
  text: { type: String, required: true },
  by: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
}, { _id: false });

/**
 * A delegate's comment on a page of a draft resolution (góp ý dự thảo nghị quyết) and the
 * secretariat's response to it: accepted (tiếp thu) or explained (giải trình). A new
 * response replaces the current one; the replaced ones stay in `earlierResponses`, each
 * with who recorded it and when.
 */
export const CommentSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  documentId: { type: Schema.Types.ObjectId, required: true, index: true },
  page: { type: Number, required: true },
  text: { type: String, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  response: { type: ResponseSchema, default: null },
  earlierResponses: { type: [ResponseSchema], default: [] },
}, { timestamps: true });

export type CommentRecord = InferSchemaType<typeof CommentSchema>;

import { Schema, type InferSchemaType } from 'mongoose';

/** One item of a session's agenda (chương trình kỳ họp); nested through parentId. */
export const AgendaItemSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  parentId: { type: Schema.Types.ObjectId, default: null },
  order: { type: Number, required: true },
  title: { type: String, required: true },
  kind: { type: String, enum: ['report', 'plenary', 'group_discussion', 'interpellation', 'vote'], required: true },
  minutes: { type: Number, default: 15 },
  presenter: { type: String, default: '' },
  /** Documents presented under this item and polls taken under it. */
  documentIds: [{ type: Schema.Types.ObjectId }],
  pollIds: [{ type: Schema.Types.ObjectId }],
}, { timestamps: true });

export type AgendaItem = InferSchemaType<typeof AgendaItemSchema>;

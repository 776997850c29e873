import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A question (chất vấn) put to a named official during a sitting. One not reached before the
 * sitting closes waits for a written answer; answers and commitments are kept against the
 * official and listed per session.
 */
export const QuestionSchema = new Schema({
  sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
  sittingId: { type: Schema.Types.ObjectId, required: true },
  /** The floor request that carried it: one question per request, whatever retries happen. */
  requestId: { type: String, required: true, unique: true },
  askedBy: { type: Schema.Types.ObjectId, required: true },
  official: { type: String, required: true },
  agendaItemId: { type: Schema.Types.ObjectId, default: null },
  status: { type: String, enum: ['asked', 'answered_orally', 'awaiting_written_answer', 'answered_in_writing'], default: 'asked' },
  askedAt: { type: Date, required: true },
  answer: { type: new Schema({ mode: String, text: String, at: Date, recordedBy: Schema.Types.ObjectId }, { _id: false }), default: null },
  commitments: [{ _id: false, text: String, dueDate: { type: Date, default: null } }],
}, { timestamps: true });

export type Question = InferSchemaType<typeof QuestionSchema>;

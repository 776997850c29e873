import { z } from 'zod';

/**
 * A question (chất vấn) put to a named official. Questions not reached in the sitting are
 * kept for a written answer; answers and commitments are recorded against the official.
 */
export const QuestionStatus = z.enum(['asked', 'answered_orally', 'awaiting_written_answer', 'answered_in_writing']);

export const Commitment = z.object({
  text: z.string().trim().min(1).max(2000),
  dueDate: z.iso.date().nullable().default(null),
});

export const AnswerInput = z.object({
  mode: z.enum(['oral', 'written']),
  text: z.string().trim().min(1).max(20000),
  commitments: z.array(Commitment).max(20).default([]),
});
export type AnswerInput = z.infer<typeof AnswerInput>;

export const QuestionView = z.object({
  id: z.string(),
  sessionId: z.string(),
  sittingId: z.string(),
  askedBy: z.string(),
  askedByName: z.string(),
  official: z.string(),
  agendaItemId: z.string().nullable(),
  status: QuestionStatus,
  askedAt: z.string(),
  answer: z.object({ mode: z.enum(['oral', 'written']), text: z.string(), at: z.string() }).nullable(),
  commitments: z.array(z.object({ text: z.string(), dueDate: z.string().nullable() })),
});
export type QuestionView = z.infer<typeof QuestionView>;

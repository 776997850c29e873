import { z } from 'zod';
import { Id } from './common.js';

/**
 * A private note or highlight on one page of a document: stored per delegate and shown to
 * nobody else — not the secretariat, not an admin.
 */
export const NoteInput = z.object({
  page: z.number().int().min(1).max(100000),
  kind: z.enum(['note', 'highlight']),
  text: z.string().max(5000).default(''),
  /** Highlight rectangle in PDF page units (0..page width/height), origin bottom-left. */
  rect: z.object({ x: z.number().min(0), y: z.number().min(0), w: z.number().min(0), h: z.number().min(0) }).nullable().default(null),
  color: z.enum(['yellow', 'green', 'blue', 'pink']).default('yellow'),
});
export type NoteInput = z.infer<typeof NoteInput>;
export const NotePatch = z.object({ text: z.string().max(5000), color: z.enum(['yellow', 'green', 'blue', 'pink']) }).partial();

export const NoteView = NoteInput.extend({ id: z.string(), documentId: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type NoteView = z.infer<typeof NoteView>;

/** A delegate's comment on a page of a draft (góp ý dự thảo). */
export const CommentInput = z.object({
  page: z.number().int().min(1).max(100000),
  text: z.string().trim().min(1).max(10000),
});
export type CommentInput = z.infer<typeof CommentInput>;

/** The secretariat's response to a comment: accepted (tiếp thu) or explained (giải trình). */
export const CommentResponseInput = z.object({
  outcome: z.enum(['accepted', 'explained']),
  text: z.string().trim().min(1).max(10000),
});
export type CommentResponseInput = z.infer<typeof CommentResponseInput>;

export const CommentView = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  documentVersion: z.number().int(),
  page: z.number().int(),
  text: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  /** The current response: `by` is the responder's user id, `byName` their name, `at` when it was recorded. */
  response: z.object({ outcome: z.enum(['accepted', 'explained']), text: z.string(), by: z.string(), byName: z.string(), at: z.string() }).nullable(),
});
export type CommentView = z.infer<typeof CommentView>;

/** "Follow the presenter": the presenter's page of a document reaches everyone following. */
export const PresenterPage = z.object({ sittingId: Id, documentId: Id, page: z.number().int().min(1).max(100000) });
export type PresenterPage = z.infer<typeof PresenterPage>;

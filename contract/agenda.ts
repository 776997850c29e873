import { z } from 'zod';
import { Id } from './common.js';

export const AgendaKind = z.enum(['report', 'plenary', 'group_discussion', 'interpellation', 'vote']);
export type AgendaKind = z.infer<typeof AgendaKind>;

/** An agenda item (nội dung chương trình); nested one level or more through parentId. */
export const AgendaItemInput = z.object({
  parentId: Id.nullable().default(null),
  title: z.string().trim().min(1).max(300),
  kind: AgendaKind,
  /** Time allotted, in minutes. */
  minutes: z.number().int().min(1).max(600).default(15),
  presenter: z.string().max(200).default(''),
  documentIds: z.array(Id).max(100).default([]),
  pollIds: z.array(Id).max(100).default([]),
});
export type AgendaItemInput = z.infer<typeof AgendaItemInput>;

export const AgendaItemPatch = z.object({
  parentId: Id.nullable(),
  title: z.string().trim().min(1).max(300),
  kind: AgendaKind,
  minutes: z.number().int().min(1).max(600),
  presenter: z.string().max(200),
  documentIds: z.array(Id).max(100),
  pollIds: z.array(Id).max(100),
}).partial();

/** A new order for the children of one parent (null: the top level). */
export const AgendaReorder = z.object({ parentId: Id.nullable(), itemIds: z.array(Id).min(1).max(500) });

export const AgendaItemView = z.object({
  id: z.string(),
  sessionId: z.string(),
  parentId: z.string().nullable(),
  order: z.number().int(),
  title: z.string(),
  kind: AgendaKind,
  minutes: z.number().int(),
  presenter: z.string(),
  documentIds: z.array(z.string()),
  pollIds: z.array(z.string()),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

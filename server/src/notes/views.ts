import type { Types } from 'mongoose';
import type { NoteView } from '../../../contract/notes.js';

/** A note record as `.lean()` returns it. */
export interface NoteLean {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  documentId: Types.ObjectId;
  page: number;
  kind: 'note' | 'highlight';
  text: string;
  rect: { x: number; y: number; w: number; h: number } | null;
  color: 'yellow' | 'green' | 'blue' | 'pink';
  createdAt: Date;
  updatedAt: Date;
}

/** The owner's view of a note (the owner is implied: nobody else receives it). */
export function toNoteView(n: NoteLean): NoteView {
  return {
    id: String(n._id),
    documentId: String(n.documentId),
    page: n.page,
    kind: n.kind,
    text: n.text ?? '',
    rect: n.rect ? { x: n.rect.x, y: n.rect.y, w: n.rect.w, h: n.rect.h } : null,
    color: n.color,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

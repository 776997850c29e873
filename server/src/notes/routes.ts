import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { NoteInput, NotePatch, NoteView } from '../../../contract/notes.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import type { AuthContext } from '../auth/logins.js';
import { errors } from '../platform/errors.js';
import { loadReadableDocument } from '../document/access.js';
import { toNoteView, type NoteLean } from './views.js';

type NotePatch = z.infer<typeof NotePatch>;
const oid = (id: string) => new Types.ObjectId(id);

/**
 * The caller's own note, or `not_found`: a note of someone else does not exist for you,
 * so neither its content nor its existence leaks (not to the secretariat, not to an admin).
 */
async function loadOwnNote(deps: Deps, auth: AuthContext, id: string): Promise<NoteLean> {
  const note = Types.ObjectId.isValid(id) ? await deps.models.Note.findOne({ _id: oid(id), userId: oid(auth.userId) }).lean<NoteLean>() : null;
  if (!note) throw errors.notFound('ghi chú');
  return note;
}

/** Private notes and highlights (ghi chú cá nhân) on the pages of a document, per reader. */
export function noteRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);
  const { Note } = deps.models;

  api.route({
    method: 'get', path: '/documents/:id/notes', tag: 'notes', auth: true, params: IdParams, response: z.array(NoteView),
    summary: 'My own notes and highlights on one document version, by page (nobody else\'s, whatever my role)',
  }, auth, async (ctx) => {
    const { doc } = await loadReadableDocument(deps, authOf(ctx), input<unknown, unknown, { id: string }>(ctx).params.id);
    const notes = await Note.find({ userId: oid(authOf(ctx).userId), documentId: doc._id }).sort({ page: 1, createdAt: 1 }).lean<NoteLean[]>();
    ctx.body = { ok: true, data: notes.map(toNoteView) };
  });

  api.route({
    method: 'post', path: '/documents/:id/notes', tag: 'notes', auth: true, params: IdParams, body: NoteInput, response: NoteView,
    summary: 'Add a private note or highlight to a page of a document I may read',
  }, auth, async (ctx) => {
    const { body, params } = input<NoteInput, unknown, { id: string }>(ctx);
    const { doc } = await loadReadableDocument(deps, authOf(ctx), params.id);
    if (body.page > doc.pages) throw errors.pageOutOfRange(doc.pages);
    if (body.kind === 'highlight' && !body.rect) throw errors.highlightWithoutArea();
    const created = await Note.create({ ...body, userId: oid(authOf(ctx).userId), documentId: doc._id });
    ctx.body = { ok: true, data: toNoteView(created.toObject() as unknown as NoteLean) };
  });

  api.route({
    method: 'patch', path: '/notes/:id', tag: 'notes', auth: true, params: IdParams, body: NotePatch, response: NoteView,
    summary: 'Change the text or colour of my own note (anyone else\'s answers not_found)',
  }, auth, async (ctx) => {
    const { body, params } = input<NotePatch, unknown, { id: string }>(ctx);
    const note = await loadOwnNote(deps, authOf(ctx), params.id);
    const set = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) await Note.updateOne({ _id: note._id, userId: note.userId }, { $set: set });
    ctx.body = { ok: true, data: toNoteView(await loadOwnNote(deps, authOf(ctx), params.id)) };
  });

  api.route({
    method: 'delete', path: '/notes/:id', tag: 'notes', auth: true, params: IdParams, response: z.null(),
    summary: 'Delete my own note (anyone else\'s answers not_found)',
  }, auth, async (ctx) => {
    const note = await loadOwnNote(deps, authOf(ctx), input<unknown, unknown, { id: string }>(ctx).params.id);
    await Note.deleteOne({ _id: note._id, userId: note.userId });
    ctx.body = { ok: true, data: null };
  });

  return api;
}

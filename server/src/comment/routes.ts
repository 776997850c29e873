import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { CommentInput, CommentResponseInput, CommentView } from '../../../contract/notes.js';
import type { DocumentKind } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { isStaff, loadReadableDocument } from '../document/access.js';
import { loadSession } from '../council/loaders.js';
import { COMMENTERS, KIND_WORDS, loadComment, requireResponder, requireReviewer } from './access.js';
import { sessionComments } from './sessionComments.js';
import { toCommentViews, type CommentLean } from './views.js';
import { registerReportRoute } from './reportRoute.js';

const oid = (id: string) => new Types.ObjectId(id);
/** Responses to one comment apply one at a time, so no replaced response is lost (no transactions). */
const responses = new KeyedQueue();

/** Comments on drafts (góp ý dự thảo nghị quyết) and the secretariat's responses. */
export function commentRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);
  const { Comment } = deps.models;

  /** One comment's view, with its document's title and version. */
  const viewOf = async (id: Types.ObjectId) => {
    const c = (await Comment.findById(id).lean<CommentLean>())!;
    const doc = await deps.models.Document.findById(c.documentId, { title: 1, version: 1 }).lean();
    return (await toCommentViews(deps, [c], new Map(doc ? [[String(doc._id), { title: doc.title, version: doc.version }]] : [])))[0]!;
  };

  api.route({
    method: 'post', path: '/documents/:id/comments', tag: 'comments', auth: true, params: IdParams, body: CommentInput, response: CommentView,
    summary: 'Comment on a page of a draft resolution I may read (delegates and the chair)',
  }, auth, async (ctx) => {
    const { body, params } = input<CommentInput, unknown, { id: string }>(ctx);
    const { doc, roles } = await loadReadableDocument(deps, authOf(ctx), params.id);
    if (!roles.some((r) => COMMENTERS.includes(r))) throw errors.forbidden('góp ý dự thảo (dành cho đại biểu và chủ tọa)');
    if (doc.kind !== 'draft_resolution') throw errors.commentsOnlyOnDrafts(KIND_WORDS[doc.kind as DocumentKind]);
    if (body.page > doc.pages) throw errors.pageOutOfRange(doc.pages);
    const created = await Comment.create({ sessionId: doc.sessionId, documentId: doc._id, page: body.page, text: body.text, authorId: oid(authOf(ctx).userId) });
    ctx.body = { ok: true, data: await viewOf(created._id) };
  });

  api.route({
    method: 'get', path: '/documents/:id/comments', tag: 'comments', auth: true, params: IdParams, response: z.array(CommentView),
    summary: 'Comments on one document version by page: my own, or every one for the secretariat and the chair',
  }, auth, async (ctx) => {
    const { doc, roles } = await loadReadableDocument(deps, authOf(ctx), input<unknown, unknown, { id: string }>(ctx).params.id);
    const filter = isStaff(roles) ? { documentId: doc._id } : { documentId: doc._id, authorId: oid(authOf(ctx).userId) };
    const comments = await Comment.find(filter).sort({ page: 1, createdAt: 1 }).lean<CommentLean[]>();
    ctx.body = { ok: true, data: await toCommentViews(deps, comments, new Map([[String(doc._id), { title: doc.title, version: doc.version }]])) };
  });

  api.route({
    method: 'get', path: '/sessions/:id/comments', tag: 'comments', auth: true, params: IdParams, response: z.array(CommentView),
    summary: 'Every comment of a session, by document, version and page (secretariat and chair)',
  }, auth, async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireReviewer(deps, authOf(ctx), session.councilId);
    ctx.body = { ok: true, data: await sessionComments(deps, session._id) };
  });

  api.route({
    method: 'post', path: '/comments/:id/response', tag: 'comments', auth: true, params: IdParams, body: CommentResponseInput, response: CommentView,
    summary: 'Record the response to a comment, accepted (tiếp thu) or explained (giải trình), replacing any earlier one (secretariat)',
  }, auth, async (ctx) => {
    const { body, params } = input<CommentResponseInput, unknown, { id: string }>(ctx);
    const comment = await loadComment(deps, params.id);
    await requireResponder(deps, authOf(ctx), (await loadSession(deps, String(comment.sessionId))).councilId);
    const response = { outcome: body.outcome, text: body.text, by: oid(authOf(ctx).userId), at: new Date() };
    await responses.run(String(comment._id), async () => {
      const current = (await Comment.findById(comment._id, { response: 1 }).lean<Pick<CommentLean, 'response'>>())?.response ?? null;
      await Comment.updateOne({ _id: comment._id }, current ? { $set: { response }, $push: { earlierResponses: current } } : { $set: { response } });
    });
    ctx.body = { ok: true, data: await viewOf(comment._id) };
  });

  registerReportRoute(api, deps);
  return api;
}

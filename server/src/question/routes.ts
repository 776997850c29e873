import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { AnswerInput, QuestionView } from '../../../contract/questions.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { loadSession, requireMember, requireSecretariat } from '../council/loaders.js';

type QuestionLean = {
  _id: Types.ObjectId; sessionId: Types.ObjectId; sittingId: Types.ObjectId; askedBy: Types.ObjectId; official: string;
  agendaItemId?: Types.ObjectId | null; status: string; askedAt: Date;
  answer?: { mode?: string | null; text?: string | null; at?: Date | null } | null; commitments: Array<{ text?: string | null; dueDate?: Date | null }>;
};

function view(q: QuestionLean, names: Map<string, string>): QuestionView {
  return {
    id: String(q._id), sessionId: String(q.sessionId), sittingId: String(q.sittingId), askedBy: String(q.askedBy),
    askedByName: names.get(String(q.askedBy)) ?? '', official: q.official, agendaItemId: q.agendaItemId ? String(q.agendaItemId) : null,
    status: q.status as QuestionView['status'], askedAt: q.askedAt.toISOString(),
    answer: q.answer?.text ? { mode: q.answer.mode as 'oral' | 'written', text: q.answer.text, at: (q.answer.at ?? new Date()).toISOString() } : null,
    commitments: q.commitments.map((c) => ({ text: c.text ?? '', dueDate: c.dueDate ? c.dueDate.toISOString().slice(0, 10) : null })),
  };
}

/** Questions (chất vấn) of a session with answers and commitments, grouped by official on screen. */
export function questionRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);

  api.route({ method: 'get', path: '/sessions/:id/questions', tag: 'questions', auth: true, summary: 'Questions of a session, by official, with answers and commitments', params: IdParams, response: z.array(QuestionView) }, auth, async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireMember(deps, authOf(ctx), session.councilId);
    const qs = await deps.models.Question.find({ sessionId: session._id }).sort({ official: 1, askedAt: 1 }).lean<QuestionLean[]>();
    const users = await deps.models.User.find({ _id: { $in: qs.map((q) => q.askedBy) } }, { displayName: 1 }).lean();
    const names = new Map(users.map((u) => [String(u._id), u.displayName]));
    ctx.body = { ok: true, data: qs.map((q) => view(q, names)) };
  });

  api.route({ method: 'post', path: '/questions/:id/answer', tag: 'questions', auth: true, summary: 'Record the answer (oral or written) and commitments (secretariat)', params: IdParams, body: AnswerInput, response: QuestionView }, auth, async (ctx) => {
    const { body, params } = input<AnswerInput, unknown, { id: string }>(ctx);
    const q = Types.ObjectId.isValid(params.id) ? await deps.models.Question.findById(params.id).lean<QuestionLean>() : null;
    if (!q) throw errors.notFound('câu hỏi chất vấn');
    const session = await loadSession(deps, String(q.sessionId));
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    const status = body.mode === 'oral' ? 'answered_orally' : 'answered_in_writing';
    await deps.models.Question.updateOne({ _id: q._id }, { $set: {
      status,
      answer: { mode: body.mode, text: body.text, at: new Date(), recordedBy: new Types.ObjectId(authOf(ctx).userId) },
      commitments: body.commitments.map((c) => ({ text: c.text, dueDate: c.dueDate ? new Date(c.dueDate) : null })),
    } });
    const updated = await deps.models.Question.findById(q._id).lean<QuestionLean>();
    const asker = await deps.models.User.findById(q.askedBy, { displayName: 1 }).lean();
    ctx.body = { ok: true, data: view(updated!, new Map([[String(q.askedBy), asker?.displayName ?? '']])) };
  });

  return api;
}

import { Types } from 'mongoose';
import { IdParams } from '../../../contract/common.js';
import { SessionCancel, SessionInput, SessionPatch, SessionSummary } from '../../../contract/session.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import type { AuthContext } from '../auth/logins.js';
import { errors } from '../platform/errors.js';
import { loadSession } from '../council/loaders.js';
import { requireCouncilRole } from '../council/roles.js';
import { loadCouncil } from '../org/access.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { dayEnd, dayStart, sessionSummary, vnDay } from './summary.js';
import { assertNotCancelled } from './cancelled.js';

/** The secretariat prepares sessions; the chair (chủ tọa) may too, as the one who convenes them. */
const PREPARERS = ['secretariat', 'chair'] as const;
const requirePreparer = async (deps: Deps, auth: AuthContext, councilId: Types.ObjectId | string) => {
  try {
    await requireCouncilRole(deps, auth, String(councilId), PREPARERS);
  } catch {
    throw errors.forbidden('chuẩn bị kỳ họp của hội đồng này');
  }
};

const datesInOrder = (start: string, end: string) => {
  if (end < start) throw errors.invalidField('endDate', 'Ngày bế mạc phải sau hoặc cùng ngày khai mạc. / The end date must not be before the start date.');
};

/** Kỳ họp: created, edited and cancelled by the council's secretariat (or chair). */
export function sessionRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);
  const summaryOf = async (id: Types.ObjectId | string) => {
    const s = await loadSession(deps, String(id));
    const council = await deps.models.Council.findById(s.councilId, { name: 1 }).lean();
    return sessionSummary(deps, s, council?.name ?? '');
  };

  api.route({ method: 'post', path: '/sessions', tag: 'sessions', auth: true, summary: 'Create a session (secretariat, chair); it starts as a draft only the staff see', body: SessionInput, response: SessionSummary }, auth, async (ctx) => {
    const body = input<SessionInput>(ctx).body;
    const council = await loadCouncil(deps, body.councilId);
    await requirePreparer(deps, authOf(ctx), council._id);
    datesInOrder(body.startDate, body.endDate);
    const created = await deps.models.CouncilSession.create({
      councilId: council._id, number: body.number, title: body.title, kind: body.kind, venue: body.venue,
      startsAt: dayStart(body.startDate), endsAt: dayEnd(body.endDate), status: 'draft',
    });
    await appendAudit(deps, {
      chain: chains.session(String(created._id)), actorId: authOf(ctx).userId, action: 'session:create',
      subject: { kind: 'session', id: String(created._id) }, data: { number: body.number, title: body.title, kind: body.kind, startDate: body.startDate, endDate: body.endDate },
    });
    ctx.body = { ok: true, data: await summaryOf(created._id) };
  });

  api.route({ method: 'patch', path: '/sessions/:id', tag: 'sessions', auth: true, summary: 'Edit a session that is not cancelled or closed (secretariat, chair)', params: IdParams, body: SessionPatch, response: SessionSummary }, auth, async (ctx) => {
    const { body, params } = input<SessionPatch, unknown, { id: string }>(ctx);
    const s = await loadSession(deps, params.id);
    await requirePreparer(deps, authOf(ctx), s.councilId);
    assertNotCancelled(s);
    if (s.status === 'closed') throw errors.conflict('Kỳ họp đã bế mạc, không thể sửa. / The session has closed; it cannot be edited.');
    const start = body.startDate ?? vnDay(s.startsAt);
    const end = body.endDate ?? vnDay(s.endsAt);
    datesInOrder(start, end);
    const set: Record<string, unknown> = {};
    for (const k of ['number', 'title', 'kind', 'venue'] as const) if (body[k] !== undefined) set[k] = body[k];
    if (body.startDate) set.startsAt = dayStart(body.startDate);
    if (body.endDate) set.endsAt = dayEnd(body.endDate);
    await deps.models.CouncilSession.updateOne({ _id: s._id }, { $set: set });
    await appendAudit(deps, {
      chain: chains.session(String(s._id)), actorId: authOf(ctx).userId, action: 'session:edit',
      subject: { kind: 'session', id: String(s._id) }, data: { ...body },
    });
    ctx.body = { ok: true, data: await summaryOf(s._id) };
  });

  api.route({ method: 'post', path: '/sessions/:id/cancel', tag: 'sessions', auth: true, summary: 'Cancel a session none of whose sittings has opened, with the reason (secretariat, chair)', params: IdParams, body: SessionCancel, response: SessionSummary }, auth, async (ctx) => {
    const { body, params } = input<SessionCancel, unknown, { id: string }>(ctx);
    const s = await loadSession(deps, params.id);
    await requirePreparer(deps, authOf(ctx), s.councilId);
    assertNotCancelled(s);
    // A sitting that has opened has held business (attendance, votes): its record stays whole.
    if (s.status === 'open' || s.status === 'closed' || await deps.models.Sitting.exists({ sessionId: s._id, status: { $in: ['open', 'closed'] } })) {
      throw errors.conflict('Kỳ họp đã có phiên họp khai mạc, không thể hủy. / A sitting of this session has opened; the session cannot be cancelled.');
    }
    const res = await deps.models.CouncilSession.updateOne(
      { _id: s._id, cancelledAt: null },
      { $set: { cancelledAt: new Date(), cancelReason: body.reason, cancelledBy: new Types.ObjectId(authOf(ctx).userId) } },
    );
    if (res.matchedCount !== 1) throw errors.conflict('Kỳ họp đã bị hủy. / The session has already been cancelled.');
    deps.events.publish('session.cancelled', { sessionId: String(s._id) });
    await appendAudit(deps, {
      chain: chains.session(String(s._id)), actorId: authOf(ctx).userId, action: 'session:cancel',
      subject: { kind: 'session', id: String(s._id) }, data: { reason: body.reason },
    });
    ctx.body = { ok: true, data: await summaryOf(s._id) };
  });

  return api;
}

import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { SittingInput, SittingPatch, SittingView } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { loadSession, loadSitting, requireMember, requireSecretariat } from '../council/loaders.js';
import { canSeeSitting, seesDrafts } from './visibility.js';
import { assertSittingFits } from './schedule.js';
import { forgetSessionContext } from './context.js';
import { assertNotCancelled } from '../session/cancelled.js';
import { sittingMeetingPoints } from './meetingPoints.js';

type SittingLean = {
  _id: unknown; sessionId: unknown; councilId: unknown; title: string; status: string; closedDoors: boolean; meetingPointIds?: unknown[]; version: number;
  date?: string | null; startTime?: string | null; venue?: string | null; agendaItemIds?: string[] | null;
};
const view = (s: SittingLean): SittingView => ({
  id: String(s._id), sessionId: String(s.sessionId), councilId: String(s.councilId), title: s.title,
  status: s.status as SittingView['status'], closedDoors: s.closedDoors, meetingPointIds: (s.meetingPointIds ?? []).map(String),
  date: s.date ?? null, startTime: s.startTime ?? null, venue: s.venue ?? '', agendaItemIds: s.agendaItemIds ?? [], version: s.version,
});

/** Sittings (phiên họp) of a session: listed to members, created and edited by the secretariat. */
export function sittingRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);

  api.route({ method: 'get', path: '/sessions/:id/sittings', tag: 'sittings', auth: true, summary: 'Sittings of a session', params: IdParams, response: z.array(SittingView) }, auth, async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    const roles = await requireMember(deps, authOf(ctx), session.councilId);
    const all = await deps.models.Sitting.find({ sessionId: session._id }).sort({ createdAt: 1 }).lean();
    // Drafts are the staff's; closed sittings (họp kín) are not listed to observers.
    ctx.body = { ok: true, data: all.filter((s) => canSeeSitting(roles, s)).map(view) };
  });

  api.route({ method: 'get', path: '/sittings/:id', tag: 'sittings', auth: true, summary: 'One sitting (its live state comes over socket.io)', params: IdParams, response: SittingView }, auth, async (ctx) => {
    const s = await loadSitting(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    const roles = await requireMember(deps, authOf(ctx), s.councilId);
    if (s.status === 'draft' && !seesDrafts(roles)) throw errors.notFound('phiên họp');
    if (!canSeeSitting(roles, s)) throw errors.forbidden('xem phiên họp kín');
    ctx.body = { ok: true, data: view(s) };
  });

  api.route({ method: 'post', path: '/sittings', tag: 'sittings', auth: true, summary: 'Create a sitting (secretariat)', body: SittingInput, response: SittingView }, auth, async (ctx) => {
    const body = input<SittingInput>(ctx).body;
    const session = await loadSession(deps, body.sessionId);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    assertNotCancelled(session);
    await assertSittingFits(deps, session, body);
    const created = await deps.models.Sitting.create({
      sessionId: session._id, councilId: session.councilId, title: body.title, closedDoors: body.closedDoors,
      meetingPointIds: body.meetingPointIds.map((id) => new Types.ObjectId(id)), status: 'draft',
      date: body.date, startTime: body.startTime, venue: body.venue, agendaItemIds: [...new Set(body.agendaItemIds)],
    });
    ctx.body = { ok: true, data: view(created.toObject() as SittingLean) };
  });

  api.route({ method: 'patch', path: '/sittings/:id', tag: 'sittings', auth: true, summary: 'Edit a sitting before it opens (secretariat)', params: IdParams, body: SittingPatch, response: SittingView }, auth, async (ctx) => {
    const { body, params } = input<z.infer<typeof SittingPatch>, unknown, { id: string }>(ctx);
    const s = await loadSitting(deps, params.id);
    await requireSecretariat(deps, authOf(ctx), s.councilId);
    if (s.status === 'open' || s.status === 'closed') throw errors.conflict('Phiên họp đã khai mạc, không thể sửa. / The sitting has opened; it cannot be edited.');
    const session = await loadSession(deps, String(s.sessionId));
    assertNotCancelled(session);
    await assertSittingFits(deps, session, body);
    const set: Record<string, unknown> = { ...body };
    if (body.meetingPointIds) set.meetingPointIds = body.meetingPointIds.map((id) => new Types.ObjectId(id));
    if (body.agendaItemIds) set.agendaItemIds = [...new Set(body.agendaItemIds)];
    // Guarded by version like every change of a sitting, so it cannot race a live command.
    const res = await deps.models.Sitting.updateOne({ _id: s._id, version: s.version }, { $set: { ...set, version: s.version + 1 } });
    if (res.matchedCount !== 1) throw errors.conflict('Phiên họp vừa được thay đổi, vui lòng thử lại. / The sitting changed meanwhile; please retry.');
    const after = await loadSitting(deps, params.id);
    // Commands check the current item against the sitting's items: they must see the new list.
    forgetSessionContext(deps, String(s.sessionId));
    // Screens following the sitting get the new title, doors, agenda and meeting points as a
    // delta of the new version (a published sitting may already be on the tablets).
    deps.events.publish('sitting.changed', {
      sittingId: String(after._id), version: after.version, command: 'sitting:edit',
      patch: {
        title: after.title, closedDoors: after.closedDoors, agendaItemIds: after.agendaItemIds ?? [], meetingPoints: await sittingMeetingPoints(deps, after.meetingPointIds ?? []),
        date: after.date ?? null, startTime: after.startTime ?? null, venue: after.venue ?? '',
      },
    });
    ctx.body = { ok: true, data: view(after) };
  });

  return api;
}

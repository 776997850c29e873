import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { CouncilMemberView, MemberListQuery, MembershipInput, MembershipPatch } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import type { AuthContext } from '../auth/logins.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadCouncil, requireCouncilStaff, type ByIdParams } from './access.js';
import { unitSubtreeIds } from './unitTree.js';
import { councilMemberViews } from './memberViews.js';
import { writeOrConflict } from './dbErrors.js';
import { pageOf, sendPage } from './paging.js';
import { auditCouncil } from './orgAudit.js';

const tag = 'org';

/** The member's unit and meeting point, when given, must lie within the council's unit. */
async function checkPlaceRefs(deps: Deps, b: { unitId?: string | null | undefined; meetingPointId?: string | null | undefined }, councilUnitId: string): Promise<void> {
  const within = await unitSubtreeIds(deps, councilUnitId);
  if (b.unitId && !within.has(b.unitId)) {
    throw errors.invalidField('unitId', 'đơn vị không thuộc địa bàn của hội đồng / the unit is not under the council’s unit');
  }
  if (b.meetingPointId) {
    const point = await deps.models.MeetingPoint.findById(new Types.ObjectId(b.meetingPointId)).lean();
    if (!point || !within.has(String(point.unitId))) {
      throw errors.invalidField('meetingPointId', 'điểm cầu không thuộc địa bàn của hội đồng / no such meeting point under the council’s unit');
    }
  }
}

/** Loads a membership and checks the caller administers its council's unit (from it or above). */
async function loadManagedMembership(deps: Deps, auth: AuthContext, id: string) {
  const m = await deps.models.Membership.findById(new Types.ObjectId(id)).lean();
  if (!m) throw errors.notFound('vai trò trong hội đồng');
  const council = await loadCouncil(deps, String(m.councilId));
  await requireUnitAdmin(deps, auth, String(council.unitId));
  return { m, council };
}

const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);

/** Council memberships: who holds which role (vai trò) in which council. */
export function registerMembershipRoutes(api: ApiRouter, deps: Deps): void {
  const { Membership } = deps.models;

  api.route({ method: 'get', path: '/councils/:id/memberships', tag, auth: true, summary: 'Members of a council with their roles (admin or secretariat); q, role, meetingPointId, page, pageSize', params: IdParams, query: MemberListQuery, response: z.array(CouncilMemberView) }, requireAuth(deps), async (ctx) => {
    const { params, query } = input<unknown, MemberListQuery, ByIdParams>(ctx);
    const council = await loadCouncil(deps, params.id);
    await requireCouncilStaff(deps, authOf(ctx), council);
    const filter: Record<string, unknown> = { councilId: council._id };
    if (query.role) filter.role = query.role;
    if (query.meetingPointId) filter.meetingPointId = new Types.ObjectId(query.meetingPointId);
    const ms = await Membership.find(filter).lean();
    sendPage(ctx, pageOf(await councilMemberViews(deps, ms), query, (m) => [m.displayName, m.login, m.email, m.phone]));
  });

  api.route({ method: 'post', path: '/memberships', tag, auth: true, summary: 'Give a user a role in a council', body: MembershipInput, response: CouncilMemberView }, requireAuth(deps), async (ctx) => {
    const b = input<MembershipInput>(ctx).body;
    const auth = authOf(ctx);
    const council = await loadCouncil(deps, b.councilId);
    await requireUnitAdmin(deps, auth, String(council.unitId));
    if (!(await deps.models.User.exists({ _id: new Types.ObjectId(b.userId) }))) {
      throw errors.invalidField('userId', 'không có người dùng này / no such user');
    }
    await checkPlaceRefs(deps, b, String(council.unitId));
    const what = 'Vai trò này của người dùng trong hội đồng';
    if (await Membership.exists({ userId: new Types.ObjectId(b.userId), councilId: council._id, role: b.role })) throw errors.duplicate(what);
    const m = await writeOrConflict(what, () => Membership.create(b));
    deps.log.info({ membershipId: String(m._id), councilId: b.councilId, role: b.role, by: auth.userId }, 'membership created');
    await auditCouncil(deps, auth.userId, b.councilId, 'membership:created', { kind: 'membership', id: String(m._id) }, { userId: b.userId, role: b.role, unitId: b.unitId, meetingPointId: b.meetingPointId });
    ctx.body = { ok: true, data: (await councilMemberViews(deps, [m.toObject()]))[0] };
  });

  api.route({ method: 'patch', path: '/memberships/:id', tag, auth: true, summary: 'Change where a member sits: their unit and meeting point (admin of the council’s unit)', params: IdParams, body: MembershipPatch, response: CouncilMemberView }, requireAuth(deps), async (ctx) => {
    const { body: p, params } = input<MembershipPatch, unknown, ByIdParams>(ctx);
    const auth = authOf(ctx);
    const { m, council } = await loadManagedMembership(deps, auth, params.id);
    await checkPlaceRefs(deps, p, String(council.unitId));
    const set: Record<string, unknown> = {};
    if (p.unitId !== undefined) set.unitId = p.unitId ? new Types.ObjectId(p.unitId) : null;
    if (p.meetingPointId !== undefined) set.meetingPointId = p.meetingPointId ? new Types.ObjectId(p.meetingPointId) : null;
    const after = await Membership.findByIdAndUpdate(m._id, { $set: set }, { returnDocument: 'after' }).lean();
    if (!after) throw errors.notFound('vai trò trong hội đồng');
    deps.log.info({ membershipId: params.id, by: auth.userId }, 'membership changed');
    await auditCouncil(deps, auth.userId, String(council._id), 'membership:changed', { kind: 'membership', id: params.id }, {
      userId: String(m.userId), role: m.role,
      ...(p.unitId !== undefined ? { unitIdFrom: idOrNull(m.unitId), unitIdTo: p.unitId } : {}),
      ...(p.meetingPointId !== undefined ? { meetingPointIdFrom: idOrNull(m.meetingPointId), meetingPointIdTo: p.meetingPointId } : {}),
    });
    ctx.body = { ok: true, data: (await councilMemberViews(deps, [after]))[0] };
  });

  api.route({ method: 'delete', path: '/memberships/:id', tag, auth: true, summary: 'Take a role in a council away from a user', params: IdParams, response: z.null() }, requireAuth(deps), async (ctx) => {
    const { id } = input<unknown, unknown, ByIdParams>(ctx).params;
    const auth = authOf(ctx);
    const { m, council } = await loadManagedMembership(deps, auth, id);
    if (m.role === 'admin' && String(m.userId) === auth.userId) {
      throw errors.conflict('Bạn không thể tự gỡ quyền quản trị của mình; hãy nhờ một quản trị viên khác. / You cannot remove your own admin role; ask another admin.');
    }
    await Membership.deleteOne({ _id: m._id });
    deps.log.info({ membershipId: id, by: auth.userId }, 'membership deleted');
    await auditCouncil(deps, auth.userId, String(council._id), 'membership:deleted', { kind: 'membership', id }, { userId: String(m.userId), role: m.role, meetingPointId: idOrNull(m.meetingPointId) });
    ctx.body = { ok: true, data: null };
  });
}

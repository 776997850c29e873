import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { CouncilMemberView, MembershipInput } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadCouncil, requireCouncilStaff, type ByIdParams } from './access.js';
import { unitSubtreeIds } from './unitTree.js';
import { councilMemberViews } from './memberViews.js';
import { writeOrConflict } from './dbErrors.js';

const tag = 'org';

/** The user, the member's unit and meeting point must exist and lie within the council's unit. */
async function checkMembershipRefs(deps: Deps, b: MembershipInput, councilUnitId: string): Promise<void> {
  if (!(await deps.models.User.exists({ _id: new Types.ObjectId(b.userId) }))) {
    throw errors.invalidField('userId', 'không có người dùng này / no such user');
  }
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

/** Council memberships: who holds which role (vai trò) in which council. */
export function registerMembershipRoutes(api: ApiRouter, deps: Deps): void {
  const { Membership } = deps.models;

  api.route({ method: 'get', path: '/councils/:id/memberships', tag, auth: true, summary: 'Members of a council with their roles (admin or secretariat)', params: IdParams, response: z.array(CouncilMemberView) }, requireAuth(deps), async (ctx) => {
    const council = await loadCouncil(deps, input<unknown, unknown, ByIdParams>(ctx).params.id);
    await requireCouncilStaff(deps, authOf(ctx), council);
    const ms = await Membership.find({ councilId: council._id }).lean();
    ctx.body = { ok: true, data: await councilMemberViews(deps, ms) };
  });

  api.route({ method: 'post', path: '/memberships', tag, auth: true, summary: 'Give a user a role in a council', body: MembershipInput, response: CouncilMemberView }, requireAuth(deps), async (ctx) => {
    const b = input<MembershipInput>(ctx).body;
    const auth = authOf(ctx);
    const council = await loadCouncil(deps, b.councilId);
    await requireUnitAdmin(deps, auth, String(council.unitId));
    await checkMembershipRefs(deps, b, String(council.unitId));
    const what = 'Vai trò này của người dùng trong hội đồng';
    if (await Membership.exists({ userId: new Types.ObjectId(b.userId), councilId: council._id, role: b.role })) throw errors.duplicate(what);
    const m = await writeOrConflict(what, () => Membership.create(b));
    deps.log.info({ membershipId: String(m._id), councilId: b.councilId, role: b.role, by: auth.userId }, 'membership created');
    ctx.body = { ok: true, data: (await councilMemberViews(deps, [m.toObject()]))[0] };
  });

  api.route({ method: 'delete', path: '/memberships/:id', tag, auth: true, summary: 'Take a role in a council away from a user', params: IdParams, response: z.null() }, requireAuth(deps), async (ctx) => {
    const { id } = input<unknown, unknown, ByIdParams>(ctx).params;
    const auth = authOf(ctx);
    const m = await Membership.findById(new Types.ObjectId(id)).lean();
    if (!m) throw errors.notFound('vai trò trong hội đồng');
    const council = await loadCouncil(deps, String(m.councilId));
    await requireUnitAdmin(deps, auth, String(council.unitId));
    if (m.role === 'admin' && String(m.userId) === auth.userId) {
      throw errors.conflict('Bạn không thể tự gỡ quyền quản trị của mình; hãy nhờ một quản trị viên khác. / You cannot remove your own admin role; ask another admin.');
    }
    await Membership.deleteOne({ _id: m._id });
    deps.log.info({ membershipId: id, by: auth.userId }, 'membership deleted');
    ctx.body = { ok: true, data: null };
  });
}

import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { MeetingPointInput, MeetingPointListQuery, MeetingPointPatch, MeetingPointView } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadUnit, type ByIdParams } from './access.js';
import { meetingPointView } from './views.js';
import { unitSubtreeIds } from './unitTree.js';
import { pageOf, sendPage } from './paging.js';
import { auditUnit } from './orgAudit.js';

const tag = 'org';

/** Meeting points (điểm cầu): the rooms of a unit that join sittings and briefings. */
export function registerMeetingPointRoutes(api: ApiRouter, deps: Deps): void {
  const { MeetingPoint } = deps.models;

  api.route({ method: 'get', path: '/units/:id/meeting-points', tag, auth: true, summary: 'Meeting points of a unit (below=true: and of the units below it); q, page, pageSize', params: IdParams, query: MeetingPointListQuery, response: z.array(MeetingPointView) }, requireAuth(deps), async (ctx) => {
    const { params, query } = input<unknown, MeetingPointListQuery, ByIdParams>(ctx);
    const unit = await loadUnit(deps, params.id);
    const unitIds = query.below ? [...(await unitSubtreeIds(deps, String(unit._id)))].map((id) => new Types.ObjectId(id)) : [unit._id];
    const points = await MeetingPoint.find({ unitId: { $in: unitIds } }).lean();
    const views = points.sort((a, b) => a.name.localeCompare(b.name, 'vi')).map(meetingPointView);
    sendPage(ctx, pageOf(views, query, (p) => [p.name, p.address]));
  });

  api.route({ method: 'post', path: '/meeting-points', tag, auth: true, summary: 'Add a meeting point to a unit', body: MeetingPointInput, response: MeetingPointView }, requireAuth(deps), async (ctx) => {
    const b = input<MeetingPointInput>(ctx).body;
    const auth = authOf(ctx);
    await loadUnit(deps, b.unitId);
    await requireUnitAdmin(deps, auth, b.unitId);
    const point = await MeetingPoint.create(b);
    deps.log.info({ meetingPointId: String(point._id), by: auth.userId }, 'meeting point created');
    await auditUnit(deps, auth.userId, b.unitId, 'meetingPoint:created', { kind: 'meetingPoint', id: String(point._id) }, { name: b.name, capacity: b.capacity });
    ctx.body = { ok: true, data: meetingPointView(point.toObject()) };
  });

  api.route({ method: 'patch', path: '/meeting-points/:id', tag, auth: true, summary: 'Rename or resize a meeting point', params: IdParams, body: MeetingPointPatch, response: MeetingPointView }, requireAuth(deps), async (ctx) => {
    const { body: p, params } = input<MeetingPointPatch, unknown, ByIdParams>(ctx);
    const auth = authOf(ctx);
    const stored = await MeetingPoint.findById(new Types.ObjectId(params.id)).lean();
    if (!stored) throw errors.notFound('điểm cầu');
    await requireUnitAdmin(deps, auth, String(stored.unitId));
    const point = await MeetingPoint.findByIdAndUpdate(stored._id, { $set: p }, { returnDocument: 'after' }).lean();
    await auditUnit(deps, auth.userId, String(stored.unitId), 'meetingPoint:changed', { kind: 'meetingPoint', id: params.id }, { fields: Object.keys(p) });
    ctx.body = { ok: true, data: meetingPointView(point ?? stored) };
  });
}

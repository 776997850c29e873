import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { UnitInput, UnitListQuery, UnitPatch, UnitView } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadUnit, requireParentAdmin, type ByIdParams } from './access.js';
import { checkCodeFree, checkUnit, inForceOn, type UnitShape } from './unitRules.js';
import { unitView } from './views.js';
import { pageOf, sendPage } from './paging.js';
import { auditUnit } from './orgAudit.js';

const tag = 'org';
const toDate = (s: string) => new Date(s);
const toLineage = (l: UnitInput['lineage']) => l.map((e) => ({ kind: e.kind, unitId: e.unitId, date: toDate(e.date) }));
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

function listFilter(q: UnitListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.parentId) filter.parentId = q.parentId === 'root' ? null : new Types.ObjectId(q.parentId);
  if (q.unitType) filter.unitType = q.unitType;
  if (q.at) Object.assign(filter, inForceOn(toDate(q.at)));
  return filter;
}

/** The shape a patch leaves behind: stored values overridden by the patched ones. */
function patchedShape(stored: Awaited<ReturnType<typeof loadUnit>>, p: UnitPatch): UnitShape {
  return {
    unitType: p.unitType ?? stored.unitType,
    parentId: p.parentId !== undefined ? p.parentId : stored.parentId ? String(stored.parentId) : null,
    validFrom: p.validFrom ? toDate(p.validFrom) : stored.validFrom,
    validTo: p.validTo !== undefined ? (p.validTo ? toDate(p.validTo) : null) : stored.validTo ?? null,
    lineage: p.lineage ? toLineage(p.lineage) : stored.lineage.map((l) => ({ kind: l.kind, unitId: String(l.unitId), date: l.date })),
  };
}

/** Administrative units (đơn vị hành chính): their parents, validity and lineage. */
export function registerUnitRoutes(api: ApiRouter, deps: Deps): void {
  const { Unit } = deps.models;

  api.route({ method: 'get', path: '/units', tag, auth: true, summary: 'Units, filtered by parent, type and the date they are in force', query: UnitListQuery, response: z.array(UnitView) }, requireAuth(deps), async (ctx) => {
    const q = input<unknown, UnitListQuery>(ctx).query;
    // `limit` caps what is read (as before paging); `q` and the page apply to that.
    const units = await Unit.find(listFilter(q)).sort({ name: 1 }).limit(q.limit).lean();
    sendPage(ctx, pageOf(units.sort(byName).map(unitView), q, (u) => [u.name, u.code]));
  });

  api.route({ method: 'get', path: '/units/:id', tag, auth: true, summary: 'One unit with its lineage', params: IdParams, response: UnitView }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: unitView(await loadUnit(deps, input<unknown, unknown, ByIdParams>(ctx).params.id)) };
  });

  api.route({ method: 'post', path: '/units', tag, auth: true, summary: 'Create a unit (needs admin rights over its parent)', body: UnitInput, response: UnitView }, requireAuth(deps), async (ctx) => {
    const b = input<UnitInput>(ctx).body;
    const shape: UnitShape = { unitType: b.unitType, parentId: b.parentId, validFrom: toDate(b.validFrom), validTo: b.validTo ? toDate(b.validTo) : null, lineage: toLineage(b.lineage) };
    await checkUnit(deps, shape);
    await checkCodeFree(deps, b.code);
    await requireParentAdmin(deps, authOf(ctx), b.parentId);
    const unit = await Unit.create({ ...shape, name: b.name, code: b.code ?? null });
    deps.log.info({ unitId: String(unit._id), by: authOf(ctx).userId }, 'unit created');
    await auditUnit(deps, authOf(ctx).userId, String(unit._id), 'unit:created', { kind: 'unit', id: String(unit._id) }, { name: b.name, code: b.code ?? null, unitType: b.unitType, parentId: b.parentId });
    ctx.body = { ok: true, data: unitView(unit.toObject()) };
  });

  api.route({ method: 'patch', path: '/units/:id', tag, auth: true, summary: 'Change a unit: name, type, parent, validity, lineage', params: IdParams, body: UnitPatch, response: UnitView }, requireAuth(deps), async (ctx) => {
    const { body: p, params } = input<UnitPatch, unknown, ByIdParams>(ctx);
    const auth = authOf(ctx);
    const stored = await loadUnit(deps, params.id);
    await requireUnitAdmin(deps, auth, params.id);
    const shape = patchedShape(stored, p);
    if (p.parentId !== undefined && shape.parentId !== (stored.parentId ? String(stored.parentId) : null)) {
      await requireParentAdmin(deps, auth, shape.parentId);
    }
    await checkUnit(deps, shape, params.id);
    await checkCodeFree(deps, p.code, params.id);
    const set = { ...shape, ...(p.name !== undefined ? { name: p.name } : {}), ...(p.code !== undefined ? { code: p.code } : {}) };
    const unit = await Unit.findByIdAndUpdate(params.id, { $set: set }, { returnDocument: 'after' }).lean();
    deps.log.info({ unitId: params.id, by: auth.userId }, 'unit changed');
    const moved = shape.parentId !== (stored.parentId ? String(stored.parentId) : null);
    await auditUnit(deps, auth.userId, params.id, moved ? 'unit:moved' : 'unit:changed', { kind: 'unit', id: params.id }, {
      fields: Object.keys(p), ...(moved ? { fromParentId: stored.parentId ? String(stored.parentId) : null, toParentId: shape.parentId } : {}),
    });
    ctx.body = { ok: true, data: unitView(unit ?? stored) };
  });
}

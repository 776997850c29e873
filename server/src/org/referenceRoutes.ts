import { z } from 'zod';
import { HierarchyScheme, LevelInput, LevelView, SchemeView, UnitTypeInput, UnitTypeView } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireAnyAdmin } from '../council/roles.js';
import { writeOrConflict } from './dbErrors.js';
import { schemeView, levelView, unitTypeView } from './views.js';

const tag = 'org';

/**
 * Reference data: hierarchy schemes, levels (cấp) and unit types (loại đơn vị). Anyone
 * signed in reads it; any admin may extend it.
 */
export function registerReferenceRoutes(api: ApiRouter, deps: Deps): void {
  const { Scheme, Level, UnitType } = deps.models;

  api.route({ method: 'get', path: '/schemes', tag, auth: true, summary: 'Hierarchy schemes (two-level since 2025, three-level before)', response: z.array(SchemeView) }, requireAuth(deps), async (ctx) => {
    const schemes = await Scheme.find().sort({ validFrom: 1 }).lean();
    ctx.body = { ok: true, data: schemes.map(schemeView) };
  });

  api.route({ method: 'post', path: '/schemes', tag, auth: true, summary: 'Add a hierarchy scheme', body: HierarchyScheme, response: SchemeView }, requireAuth(deps), async (ctx) => {
    await requireAnyAdmin(deps, authOf(ctx));
    const b = input<HierarchyScheme>(ctx).body;
    const doc = await writeOrConflict(`Hệ thống cấp "${b.code}"`, () =>
      Scheme.create({ code: b.code, name: b.name, validFrom: new Date(b.validFrom), validTo: b.validTo ? new Date(b.validTo) : null }));
    ctx.body = { ok: true, data: schemeView(doc) };
  });

  api.route({ method: 'get', path: '/levels', tag, auth: true, summary: 'Levels (cấp) of every scheme, top first', response: z.array(LevelView) }, requireAuth(deps), async (ctx) => {
    const levels = await Level.find().sort({ scheme: 1, depth: 1 }).lean();
    ctx.body = { ok: true, data: levels.map(levelView) };
  });

  api.route({ method: 'post', path: '/levels', tag, auth: true, summary: 'Add a level to a scheme', body: LevelInput, response: LevelView }, requireAuth(deps), async (ctx) => {
    await requireAnyAdmin(deps, authOf(ctx));
    const b = input<LevelInput>(ctx).body;
    if (!(await Scheme.exists({ code: b.scheme }))) throw errors.invalidField('scheme', `không có hệ thống cấp "${b.scheme}" / unknown scheme`);
    const doc = await writeOrConflict(`Cấp "${b.code}"`, () => Level.create(b));
    ctx.body = { ok: true, data: levelView(doc) };
  });

  api.route({ method: 'get', path: '/unit-types', tag, auth: true, summary: 'Unit types (tỉnh, thành phố, xã, phường, đặc khu…)', response: z.array(UnitTypeView) }, requireAuth(deps), async (ctx) => {
    const types = await UnitType.find().sort({ level: 1, code: 1 }).lean();
    ctx.body = { ok: true, data: types.map(unitTypeView) };
  });

  api.route({ method: 'post', path: '/unit-types', tag, auth: true, summary: 'Add a unit type at a level', body: UnitTypeInput, response: UnitTypeView }, requireAuth(deps), async (ctx) => {
    await requireAnyAdmin(deps, authOf(ctx));
    const b = input<UnitTypeInput>(ctx).body;
    if (!(await Level.exists({ code: b.level }))) throw errors.invalidField('level', `không có cấp "${b.level}" / unknown level`);
    const doc = await writeOrConflict(`Loại đơn vị "${b.code}"`, () => UnitType.create(b));
    ctx.body = { ok: true, data: unitTypeView(doc) };
  });
}

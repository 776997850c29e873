import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { CouncilInput, CouncilListQuery, CouncilPatch, CouncilRules, CouncilView } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { errors, zodIssues, AppError } from '../platform/errors.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadCouncil, loadUnit, type ByIdParams } from './access.js';
import { councilView } from './views.js';
import { pageOf, sendPage } from './paging.js';
import { auditCouncil } from './orgAudit.js';

const tag = 'org';

/** Stored rules with a patch applied, checked again as a whole (the quorum fraction spans two fields). */
function mergedRules(stored: object | null | undefined, patch: NonNullable<CouncilPatch['rules']>): CouncilRules {
  const parsed = CouncilRules.safeParse({ ...stored, ...patch });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error).map((i) => ({ ...i, path: `rules.${i.path}` }));
    throw new AppError('validation_failed', errors.validation(parsed.error).message, { issues });
  }
  return parsed.data;
}

function checkTermDates(termStart: Date, termEnd: Date | null): void {
  if (termEnd && termEnd <= termStart) throw errors.invalidField('termEnd', 'ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu / must be after termStart');
}

/** People's Councils (HĐND) of units: term, elected total N and working rules. */
export function registerCouncilRoutes(api: ApiRouter, deps: Deps): void {
  const { Council } = deps.models;

  api.route({ method: 'get', path: '/councils', tag, auth: true, summary: 'Councils, optionally of one unit', query: CouncilListQuery, response: z.array(CouncilView) }, requireAuth(deps), async (ctx) => {
    const q = input<unknown, CouncilListQuery>(ctx).query;
    const councils = await Council.find(q.unitId ? { unitId: new Types.ObjectId(q.unitId) } : {}).sort({ termStart: -1 }).limit(5000).lean();
    sendPage(ctx, pageOf(councils.map(councilView), q, (c) => [c.name, c.term]));
  });

  api.route({ method: 'get', path: '/councils/:id', tag, auth: true, summary: 'One council with its working rules', params: IdParams, response: CouncilView }, requireAuth(deps), async (ctx) => {
    ctx.body = { ok: true, data: councilView(await loadCouncil(deps, input<unknown, unknown, ByIdParams>(ctx).params.id)) };
  });

  api.route({ method: 'post', path: '/councils', tag, auth: true, summary: 'Create the council of a unit for a term', body: CouncilInput, response: CouncilView }, requireAuth(deps), async (ctx) => {
    const b = input<CouncilInput>(ctx).body;
    const auth = authOf(ctx);
    await loadUnit(deps, b.unitId);
    await requireUnitAdmin(deps, auth, b.unitId);
    const termStart = new Date(b.termStart);
    const termEnd = b.termEnd ? new Date(b.termEnd) : null;
    checkTermDates(termStart, termEnd);
    if (await Council.exists({ unitId: new Types.ObjectId(b.unitId), term: b.term })) {
      throw errors.duplicate(`Hội đồng nhân dân khóa ${b.term} của đơn vị này`);
    }
    const council = await Council.create({ ...b, termStart, termEnd });
    deps.log.info({ councilId: String(council._id), by: auth.userId }, 'council created');
    await auditCouncil(deps, auth.userId, String(council._id), 'council:created', { kind: 'council', id: String(council._id) }, { unitId: b.unitId, name: b.name, term: b.term, electedTotal: b.electedTotal });
    ctx.body = { ok: true, data: councilView(council.toObject()) };
  });

  api.route({ method: 'patch', path: '/councils/:id', tag, auth: true, summary: 'Change a council: name, term, elected total, rules', params: IdParams, body: CouncilPatch, response: CouncilView }, requireAuth(deps), async (ctx) => {
    const { body: p, params } = input<CouncilPatch, unknown, ByIdParams>(ctx);
    const auth = authOf(ctx);
    const stored = await loadCouncil(deps, params.id);
    await requireUnitAdmin(deps, auth, String(stored.unitId));
    const set: Record<string, unknown> = {};
    if (p.name !== undefined) set.name = p.name;
    if (p.term !== undefined && p.term !== stored.term) {
      if (await Council.exists({ unitId: stored.unitId, term: p.term })) throw errors.duplicate(`Hội đồng nhân dân khóa ${p.term} của đơn vị này`);
      set.term = p.term;
    }
    if (p.electedTotal !== undefined) set.electedTotal = p.electedTotal;
    if (p.termEnd !== undefined) {
      set.termEnd = p.termEnd ? new Date(p.termEnd) : null;
      checkTermDates(stored.termStart, set.termEnd as Date | null);
    }
    if (p.rules) set.rules = mergedRules(stored.rules, p.rules);
    const council = await Council.findByIdAndUpdate(params.id, { $set: set }, { returnDocument: 'after' }).lean();
    deps.log.info({ councilId: params.id, by: auth.userId }, 'council changed');
    await auditCouncil(deps, auth.userId, params.id, 'council:changed', { kind: 'council', id: params.id }, {
      fields: Object.keys(set), ...(set.electedTotal !== undefined ? { electedTotalFrom: stored.electedTotal, electedTotalTo: set.electedTotal } : {}),
    });
    ctx.body = { ok: true, data: councilView(council ?? stored) };
  });
}

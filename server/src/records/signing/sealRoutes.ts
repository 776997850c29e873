import type { Context } from 'koa';
import { IdParams } from '../../../../contract/common.js';
import { SealCheckView, SealSetupView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { errors } from '../../platform/errors.js';
import { administeredUnitIds, rolesIn } from '../../council/roles.js';
import { sealSettingsOf, trustAnchorsOf } from '../../signing/settings.js';
import { RECORD_STAFF } from '../access.js';
import { checkSeal, sealSetup } from './sealCheck.js';

const idOf = (ctx: Context) => input<unknown, unknown, { id: string }>(ctx).params.id;

/** The council's administrator (of its unit or one above), or its secretariat or chair (who sign). */
async function requireSealReader(deps: Deps, ctx: Context): Promise<string> {
  const auth = authOf(ctx);
  const council = await deps.models.Council.findById(idOf(ctx), { unitId: 1 }).lean();
  if (!council) throw errors.notFound('hội đồng');
  const roles = await rolesIn(deps, auth.userId, String(council._id));
  if (!roles.some((r) => RECORD_STAFF.includes(r)) && !(await administeredUnitIds(deps, auth.userId)).has(String(council.unitId))) throw errors.forbidden('xem cấu hình chữ ký số của hội đồng này');
  return String(council._id);
}

/** How the council's documents are sealed, and a check of it that signs nothing. */
export function registerSealRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);
  api.route({ method: 'get', path: '/councils/:id/seal', tag: 'records', auth: true, params: IdParams, response: SealSetupView,
    summary: 'How the council\'s minutes are sealed: the key\'s place, the timestamp authority, the trust anchors (administrators, secretariat, chair)' }, auth, async (ctx) => {
    const councilId = await requireSealReader(deps, ctx);
    const [seal, anchors] = await Promise.all([sealSettingsOf(deps.config, councilId), trustAnchorsOf(deps.config.SIGNING_TRUST_ANCHORS)]);
    ctx.body = { ok: true, data: sealSetup(councilId, seal, anchors) satisfies SealSetupView };
  });
  api.route({ method: 'post', path: '/councils/:id/seal/check', tag: 'records', auth: true, params: IdParams, response: SealCheckView,
    summary: 'Tries the council\'s seal without signing anything: opens the key, checks the certificate and its chain, asks the timestamp authority (administrators, secretariat, chair)' }, auth, async (ctx) => {
    const councilId = await requireSealReader(deps, ctx);
    const [seal, anchors] = await Promise.all([sealSettingsOf(deps.config, councilId), trustAnchorsOf(deps.config.SIGNING_TRUST_ANCHORS)]);
    ctx.body = { ok: true, data: (await checkSeal(seal, anchors)) satisfies SealCheckView };
  });
}

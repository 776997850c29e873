import { Types } from 'mongoose';
import type { Context } from 'koa';
import { IdParams } from '../../../../contract/common.js';
import { PersonSigningView, SignerCredentialBody, SignerParams, SignersView, type SignerRow } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { errors } from '../../platform/errors.js';
import { appendAudit } from '../../audit/append.js';
import { chains } from '../../audit/chains.js';
import { administeredUnitIds } from '../../council/roles.js';
import { personCredentialOf, personServiceOf } from '../../signing/settings.js';
import { personSigningView } from './personSigning.js';

/**
 * Who signs as a person, and with which credential at the remote signing service for
 * officials: the administrator of the council's unit sees its chair and secretariat members,
 * sets the credential id the service gave each (or clears it for the login pattern), and
 * checks it (the certificate found, what it asks) without signing anything.
 */

const SIGNER_ROLES = ['chair', 'secretariat'] as const;

/** The council, when the user administers its unit (or one above it). */
async function requireCouncilAdmin(deps: Deps, ctx: Context, councilId: string): Promise<{ _id: Types.ObjectId; unitId: unknown }> {
  const council = await deps.models.Council.findById(councilId, { unitId: 1 }).lean<{ _id: Types.ObjectId; unitId: unknown }>();
  if (!council) throw errors.notFound('hội đồng');
  if (!(await administeredUnitIds(deps, authOf(ctx).userId)).has(String(council.unitId))) throw errors.forbidden('quản lý chứng thư ký số của người ký (dành cho quản trị viên)');
  return council;
}

async function signerRows(deps: Deps, councilId: Types.ObjectId, only?: string): Promise<SignerRow[]> {
  const ms = await deps.models.Membership.find({ councilId, role: { $in: SIGNER_ROLES }, ...(only ? { userId: new Types.ObjectId(only) } : {}) }).lean<Array<{ userId: Types.ObjectId; role: 'chair' | 'secretariat' }>>();
  const roles = new Map<string, Array<'chair' | 'secretariat'>>();
  for (const m of ms) roles.set(String(m.userId), [...(roles.get(String(m.userId)) ?? []), m.role]);
  const users = await deps.models.User.find({ _id: { $in: [...roles.keys()].map((id) => new Types.ObjectId(id)) } }, { login: 1, displayName: 1, signingCredentialId: 1 })
    .lean<Array<{ _id: Types.ObjectId; login: string; displayName: string; signingCredentialId?: string | null }>>();
  const configured = personServiceOf(deps.config) !== null;
  return users.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi')).map((u) => ({
    userId: String(u._id), displayName: u.displayName, login: u.login, roles: [...new Set(roles.get(String(u._id)))].sort(),
    credentialId: u.signingCredentialId ?? null,
    effectiveCredentialId: configured ? personCredentialOf(deps.config, u.login, u.signingCredentialId) : null,
  }));
}

export function registerSignerRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);
  const signer = async (ctx: Context) => {
    const { id, userId } = input<unknown, unknown, { id: string; userId: string }>(ctx).params;
    const council = await requireCouncilAdmin(deps, ctx, id);
    const [row] = await signerRows(deps, council._id, userId);
    if (!row) throw errors.notFound('người ký (chủ tọa hoặc Văn phòng HĐND) của hội đồng này');
    return { council, row };
  };

  api.route({ method: 'get', path: '/councils/:id/signers', tag: 'records', auth: true, params: IdParams, response: SignersView,
    summary: 'The council\'s chair and secretariat members and their credentials at the remote signing service for officials (administrators)' }, auth, async (ctx) => {
    const council = await requireCouncilAdmin(deps, ctx, input<unknown, unknown, { id: string }>(ctx).params.id);
    const service = personServiceOf(deps.config);
    ctx.body = { ok: true, data: { service: service ? new URL(service.url).host : null, pattern: service?.pattern ?? deps.config.SIGNING_PERSON_CSC_CREDENTIAL, signers: await signerRows(deps, council._id) } satisfies SignersView };
  });

  api.route({ method: 'patch', path: '/councils/:id/signers/:userId', tag: 'records', auth: true, params: SignerParams, body: SignerCredentialBody, response: SignersView.shape.signers.element,
    summary: 'Sets (or clears, for the login pattern) a signer\'s credential id at the remote signing service (administrators)' }, auth, async (ctx) => {
    const { council, row } = await signer(ctx);
    const { credentialId } = input<{ credentialId: string | null }>(ctx).body;
    await deps.models.User.updateOne({ _id: new Types.ObjectId(row.userId) }, { $set: { signingCredentialId: credentialId } });
    await appendAudit(deps, { chain: chains.council(String(council._id)), actorId: authOf(ctx).userId, action: 'signing:credential_set', subject: { kind: 'user', id: row.userId }, data: { credentialId } });
    ctx.body = { ok: true, data: (await signerRows(deps, council._id, row.userId))[0]! };
  });

  api.route({ method: 'post', path: '/councils/:id/signers/:userId/check', tag: 'records', auth: true, params: SignerParams, response: PersonSigningView.nullable(),
    summary: 'Asks the remote signing service for the signer\'s certificate and what signing asks (PIN, OTP), signing nothing; null when person signing is not configured (administrators)' }, auth, async (ctx) => {
    const { row } = await signer(ctx);
    ctx.body = { ok: true, data: await personSigningView(deps, row.userId) };
  });
}

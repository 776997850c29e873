import { z } from 'zod';
import type { Role } from '../../../../contract/roles.js';
import type { Context } from 'koa';
import { IdParams } from '../../../../contract/common.js';
import { MinutesSign, MinutesSignOptions, PollIdParams } from '../../../../contract/records.js';
import { ResolutionEdit, ResolutionList, ResolutionView } from '../../../../contract/resolutions.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { loadSession } from '../../council/loaders.js';
import { contentDisposition } from '../../platform/http/contentDisposition.js';
import { holds, requireRecordRole } from '../access.js';
import { readGridFile } from '../export/gridFile.js';
import { personSigningView, sendPersonOtp } from '../signing/personSigning.js';
import { adoptedIn, adoptionOf, councilOfPoll } from './adoption.js';
import { buildResolutionPdf } from './resolutionPdf.js';
import { resolutionErrors } from './resolutionErrors.js';
import { signResolution } from './resolutionSigning.js';
import { resolutionSignatureOf, type ResolutionSignatureLean } from './resolutionSignature.js';
import { draftResolution, editResolution, latestResolutionRevision } from './resolutionStore.js';
import { RESOLUTION_EDITORS, RESOLUTION_SIGNERS, RESOLUTION_STAFF, resolutionSummary, resolutionView } from './resolutionViews.js';
import { slug } from '../export/fileNames.js';

const READERS: readonly Role[] = ['secretariat', 'chair', 'delegate'];
const pollIdOf = (ctx: Context) => input<unknown, unknown, { pollId: string }>(ctx).params.pollId;

/** Adopted resolutions: drafted by the secretariat, signed by the chair then sealed; read by the council. */
export function registerResolutionRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);

  /** The caller's roles in the poll's council (checked first), then the adoption. */
  const adoptionFor = async (ctx: Context, allowed: readonly Role[], what: string) => {
    const roles = await requireRecordRole(deps, authOf(ctx), await councilOfPoll(deps, pollIdOf(ctx)), allowed, what);
    return { roles, a: await adoptionOf(deps, pollIdOf(ctx)) };
  };
  const viewOf = async (ctx: Context, what = 'xem nghị quyết') => {
    const { roles, a } = await adoptionFor(ctx, READERS, what);
    const signed = await resolutionSignatureOf(deps, a.pollId);
    if (!signed && !holds(roles, RESOLUTION_STAFF)) throw resolutionErrors.notSigned();
    return resolutionView(deps, a, roles, signed);
  };

  api.route({ method: 'get', path: '/sessions/:id/resolutions', tag: 'records', auth: true, params: IdParams, response: ResolutionList,
    summary: 'The resolutions the session adopted (every resolution vote that passed), each with its draft or signed state (council members)' }, auth, async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    const roles = await requireRecordRole(deps, authOf(ctx), session.councilId, READERS, 'xem nghị quyết của kỳ họp');
    const sittings = await deps.models.Sitting.find({ sessionId: session._id }, { title: 1 }).lean();
    const titles = new Map(sittings.map((s) => [String(s._id), s.title]));
    const adopted = await adoptedIn(deps, sittings.map((s) => s._id));
    const ids = adopted.map(({ poll }) => String(poll._id));
    const [signed, drafted] = await Promise.all([
      deps.models.ResolutionSignature.find({ _id: { $in: ids } }).lean<ResolutionSignatureLean[]>(),
      deps.models.ResolutionRevision.distinct('pollId', { pollId: { $in: ids } }),
    ]);
    const signedBy = new Map(signed.map((s) => [String(s._id), s]));
    const staff = holds(roles, RESOLUTION_STAFF);
    const items = adopted.map(({ poll, view }) => {
      const id = String(poll._id);
      const sig = signedBy.get(id) ?? null;
      const status = sig ? 'signed' as const : drafted.includes(id) ? 'draft' as const : 'none' as const;
      return resolutionSummary({ pollId: id, title: poll.title, sittingId: String(poll.sittingId), sittingTitle: titles.get(String(poll.sittingId)) ?? '', view }, status, sig);
    }).filter((r) => staff || r.status === 'signed');
    ctx.body = { ok: true, data: { items, canEdit: holds(roles, RESOLUTION_EDITORS), canSign: holds(roles, RESOLUTION_SIGNERS) } };
  });

  api.route({ method: 'get', path: '/polls/:pollId/resolution', tag: 'records', auth: true, params: PollIdParams, response: ResolutionView,
    summary: 'The resolution a passed vote adopted: its draft with revisions (secretariat, chair) or the signed resolution (also delegates)' }, auth, async (ctx) => {
    ctx.body = { ok: true, data: await viewOf(ctx) };
  });

  api.route({ method: 'post', path: '/polls/:pollId/resolution', tag: 'records', auth: true, params: PollIdParams, response: ResolutionView,
    summary: 'Draft the resolution of a passed vote in the official format (once; a second call returns the draft there is) (secretariat)' }, auth, async (ctx) => {
    const { a } = await adoptionFor(ctx, RESOLUTION_EDITORS, 'soạn nghị quyết (dành cho Văn phòng HĐND)');
    await draftResolution(deps, a, authOf(ctx).userId);
    ctx.body = { ok: true, data: await viewOf(ctx) };
  });

  api.route({ method: 'patch', path: '/polls/:pollId/resolution', tag: 'records', auth: true, params: PollIdParams, body: ResolutionEdit, response: ResolutionView,
    summary: 'Save an edit of the draft made on baseRevision, as a new revision (secretariat)' }, auth, async (ctx) => {
    const { a } = await adoptionFor(ctx, RESOLUTION_EDITORS, 'sửa nghị quyết (dành cho Văn phòng HĐND)');
    await editResolution(deps, a, authOf(ctx).userId, input<ResolutionEdit>(ctx).body);
    ctx.body = { ok: true, data: await viewOf(ctx) };
  });

  api.route({ method: 'post', path: '/polls/:pollId/resolution/sign', tag: 'records', auth: true, params: PollIdParams, body: MinutesSign, response: ResolutionView,
    summary: 'Sign the latest revision as the council\'s chair, then the council\'s seal (chair)' }, auth, async (ctx) => {
    const { a } = await adoptionFor(ctx, RESOLUTION_SIGNERS, 'ký ban hành nghị quyết (dành cho Chủ tịch HĐND)');
    const { revision, pin, otp } = input<z.infer<typeof MinutesSign>>(ctx).body;
    await signResolution(deps, a, { userId: authOf(ctx).userId }, revision, { ...(pin ? { pin } : {}), ...(otp ? { otp } : {}) });
    // The public portal lists signed resolutions (a resend publishes again: harmless).
    deps.events.publish('resolution.signed', { sittingId: a.sittingId, sessionId: a.sessionId, pollId: a.pollId });
    ctx.body = { ok: true, data: await viewOf(ctx) };
  });

  api.route({ method: 'get', path: '/polls/:pollId/resolution/sign-options', tag: 'records', auth: true, params: PollIdParams, response: MinutesSignOptions,
    summary: 'How the chair signs: with their own certificate at the remote signing service (what it asks) before the seal, or the seal alone (chair)' }, auth, async (ctx) => {
    await requireRecordRole(deps, authOf(ctx), await councilOfPoll(deps, pollIdOf(ctx)), RESOLUTION_SIGNERS, 'ký ban hành nghị quyết (dành cho Chủ tịch HĐND)');
    ctx.body = { ok: true, data: { person: await personSigningView(deps, authOf(ctx).userId) } };
  });

  api.route({ method: 'post', path: '/polls/:pollId/resolution/sign-otp', tag: 'records', auth: true, params: PollIdParams, response: z.object({ sent: z.literal(true) }),
    summary: 'Ask the remote signing service to send the chair their one-time password for signing (chair)' }, auth, async (ctx) => {
    await requireRecordRole(deps, authOf(ctx), await councilOfPoll(deps, pollIdOf(ctx)), RESOLUTION_SIGNERS, 'ký ban hành nghị quyết (dành cho Chủ tịch HĐND)');
    await sendPersonOtp(deps, authOf(ctx).userId);
    ctx.body = { ok: true, data: { sent: true } };
  });

  api.route({ method: 'get', path: '/polls/:pollId/resolution.pdf', tag: 'records', auth: true, params: PollIdParams,
    summary: 'The resolution as a PDF: the signed file once signed (delegates too), else the draft marked DỰ THẢO (secretariat, chair)' }, auth, async (ctx) => {
    const { roles, a } = await adoptionFor(ctx, READERS, 'xem nghị quyết');
    const signed = await resolutionSignatureOf(deps, a.pollId);
    let pdf: Buffer;
    let name: string;
    if (signed) {
      pdf = await readGridFile(deps, signed.fileId);
      name = signed.fileName;
    } else {
      if (!holds(roles, RESOLUTION_STAFF)) throw resolutionErrors.notSigned();
      const latest = await latestResolutionRevision(deps, a.pollId);
      if (!latest) throw resolutionErrors.noDraft();
      pdf = Buffer.from(await buildResolutionPdf({ text: latest.text, title: a.title, revision: latest.revision, pollId: a.pollId, unitName: a.unitName, councilName: a.council.name, adoptedAt: new Date(a.view.adoptedAt), signed: null }));
      name = `du-thao-nghi-quyet-${slug(a.title)}.pdf`;
    }
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', name));
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });
}

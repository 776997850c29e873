import { z } from 'zod';
import type { Context } from 'koa';
import { IdParams } from '../../../../contract/common.js';
import { MinutesEdit, MinutesRevisionView, MinutesSign, MinutesSignOptions, MinutesView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { loadSitting } from '../../council/loaders.js';
import { contentDisposition } from '../../platform/http/contentDisposition.js';
import { holds, MINUTES_EDITORS, MINUTES_READERS, MINUTES_SIGNERS, RECORD_STAFF, requireRecordRole } from '../access.js';
import { editMinutes, generateMinutes, latestGenerated, latestRevision, revisionsOf, revisionView } from './minutesStore.js';
import { signatureOf, signMinutes } from '../signing/sign.js';
import { personSigningView, sendPersonOtp } from '../signing/personSigning.js';
import { minutesView, namesById } from '../views.js';
import { buildMinutesPdf } from '../pdf/minutesPdf.js';
import { minutesHeading } from './heading.js';
import { readGridFile } from '../export/gridFile.js';
import { signatureFileBytes } from '../signing/signature.js';
import { minutesFileName } from '../export/fileNames.js';
import { recordErrors } from '../errors.js';

const sittingIdOf = (ctx: Context) => input<unknown, unknown, { id: string }>(ctx).params.id;

/** Minutes of a sitting: the draft (generate, edit, revisions), signing, the PDF and its signature. */
export function registerMinutesRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);

  const viewFor = async (ctx: Context) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    const roles = await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_READERS, 'xem biên bản phiên họp');
    return minutesView(deps, sitting, roles, await signatureOf(deps, String(sitting._id)));
  };

  api.route({ method: 'get', path: '/sittings/:id/minutes', tag: 'records', auth: true, params: IdParams, response: MinutesView,
    summary: 'The minutes of a sitting: the draft with its revisions (secretariat, chair) or the signed minutes (also delegates)' }, auth, async (ctx) => {
    ctx.body = { ok: true, data: await viewFor(ctx) };
  });

  api.route({ method: 'post', path: '/sittings/:id/minutes/generate', tag: 'records', auth: true, params: IdParams, response: MinutesView,
    summary: 'Generate (or regenerate) the draft minutes from what happened in the sitting; earlier revisions are kept (secretariat)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_EDITORS, 'lập biên bản (dành cho Văn phòng HĐND)');
    await generateMinutes(deps, String(sitting._id), authOf(ctx).userId);
    ctx.body = { ok: true, data: await viewFor(ctx) };
  });

  api.route({ method: 'patch', path: '/sittings/:id/minutes', tag: 'records', auth: true, params: IdParams, body: MinutesEdit, response: MinutesView,
    summary: 'Save an edit of the draft made on baseRevision, as a new revision (secretariat)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_EDITORS, 'sửa biên bản (dành cho Văn phòng HĐND)');
    await editMinutes(deps, String(sitting._id), authOf(ctx).userId, input<MinutesEdit>(ctx).body);
    ctx.body = { ok: true, data: await viewFor(ctx) };
  });

  api.route({ method: 'get', path: '/sittings/:id/minutes/revisions', tag: 'records', auth: true, params: IdParams, response: z.array(MinutesRevisionView),
    summary: 'Every revision of the minutes with its text: the generated text and each edit (secretariat, chair)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, RECORD_STAFF, 'xem các bản sửa biên bản');
    const all = await revisionsOf(deps, String(sitting._id));
    const names = await namesById(deps, all.map((r) => r.by));
    ctx.body = { ok: true, data: all.map((r) => revisionView(r, names)) };
  });

  api.route({ method: 'post', path: '/sittings/:id/minutes/sign', tag: 'records', auth: true, params: IdParams, body: MinutesSign, response: MinutesView,
    summary: 'Sign the latest revision with the council\'s key once the sitting has closed (secretariat, chair)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    const roles = await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_SIGNERS, 'ký biên bản');
    const role = roles.includes('secretariat') ? 'secretariat' : 'chair';
    const { revision, pin, otp } = input<z.infer<typeof MinutesSign>>(ctx).body;
    const signed = await signMinutes(deps, String(sitting._id), { userId: authOf(ctx).userId, role }, revision, { ...(pin ? { pin } : {}), ...(otp ? { otp } : {}) });
    // The public portal links signed minutes (a resend publishes again: harmless).
    deps.events.publish('minutes.signed', { sittingId: String(sitting._id), sessionId: signed.sessionId });
    ctx.body = { ok: true, data: await viewFor(ctx) };
  });

  api.route({ method: 'get', path: '/sittings/:id/minutes/sign-options', tag: 'records', auth: true, params: IdParams, response: MinutesSignOptions,
    summary: 'How the current user signs the minutes: with their own certificate at the remote signing service (what it asks: PIN, OTP) before the seal, or the seal alone (secretariat, chair)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_SIGNERS, 'ký biên bản');
    ctx.body = { ok: true, data: { person: await personSigningView(deps, authOf(ctx).userId) } };
  });

  api.route({ method: 'post', path: '/sittings/:id/minutes/sign-otp', tag: 'records', auth: true, params: IdParams, response: z.object({ sent: z.literal(true) }),
    summary: 'Ask the remote signing service to send the current user their one-time password for signing (secretariat, chair)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_SIGNERS, 'ký biên bản');
    await sendPersonOtp(deps, authOf(ctx).userId);
    ctx.body = { ok: true, data: { sent: true } };
  });

  api.route({ method: 'get', path: '/sittings/:id/minutes.pdf', tag: 'records', auth: true, params: IdParams,
    summary: 'The minutes as a PDF: the signed file once signed (delegates too), else the draft marked DỰ THẢO (secretariat, chair)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    const roles = await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_READERS, 'xem biên bản phiên họp');
    const signed = await signatureOf(deps, String(sitting._id));
    let pdf: Buffer;
    let name: string;
    if (signed) {
      pdf = await readGridFile(deps, signed.fileId);
      name = signed.fileName;
    } else {
      if (!holds(roles, RECORD_STAFF)) throw recordErrors.notSigned();
      const latest = await latestRevision(deps, String(sitting._id));
      if (!latest) throw recordErrors.noMinutes();
      const generated = latestGenerated(await revisionsOf(deps, String(sitting._id)));
      const heading = await minutesHeading(deps, String(sitting._id), generated?.data ?? null);
      pdf = Buffer.from(await buildMinutesPdf({ text: latest.text, title: sitting.title, revision: latest.revision, generatedAt: new Date(generated?.at ?? latest.at), sittingId: String(sitting._id), heading, signed: null }));
      name = `du-thao-${minutesFileName(sitting.title, new Date())}`;
    }
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', name));
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });

  api.route({ method: 'get', path: '/sittings/:id/minutes.sig.json', tag: 'records', auth: true, params: IdParams,
    summary: 'The signature file of the signed minutes (Ed25519 over the PDF\'s SHA-256, with the public key)' }, auth, async (ctx) => {
    const sitting = await loadSitting(deps, sittingIdOf(ctx));
    await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_READERS, 'xem biên bản phiên họp');
    const signed = await signatureOf(deps, String(sitting._id));
    if (!signed) throw recordErrors.notSigned();
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', `${signed.fileName}.sig.json`));
    ctx.type = 'application/json';
    ctx.body = signatureFileBytes(signed.record);
  });
}

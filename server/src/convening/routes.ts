import { z } from 'zod';
import type { Context } from 'koa';
import { IdParams } from '../../../contract/common.js';
import { ConveningRequest, ConveningView, InvitationPdfParams, MyInvitation } from '../../../contract/convening.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { loadSession } from '../council/loaders.js';
import { rolesIn } from '../council/roles.js';
import { contentDisposition } from '../platform/http/contentDisposition.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { CONVENERS, NOTICE_READERS, STATUS_READERS, requireRole } from './access.js';
import { conveningErrors } from './errors.js';
import { generateConvening } from './generate.js';
import { sendInvitations } from './send.js';
import { conveningView, myInvitations } from './views.js';
import type { ConveningPaper } from './papers.js';
import { sealedInvitation, sealedNotice } from './sealedPapers.js';
import type { NoticeFacts } from './facts.js';
import { slug } from './format.js';

/** Generating and sending run one at a time per session in this process: "Gửi" twice sends once. */
const lanes = new KeyedQueue();

const paperOf = (c: { number: string; place: string; issuedAt: Date; signerTitle: string; signerName: string; facts: unknown }): ConveningPaper => ({
  number: c.number, place: c.place, issuedAt: c.issuedAt, signerTitle: c.signerTitle, signerName: c.signerName, facts: c.facts as NoticeFacts,
});

/** The product's address for links in letters and papers: PUBLIC_URL, else the address this request came to. */
const baseUrlOf = (deps: Deps, ctx: Context) => (deps.config.PUBLIC_URL ?? `${ctx.protocol}://${ctx.host || `${deps.config.HOST}:${deps.config.PORT}`}`).replace(/\/+$/, '');

function sendPdf(ctx: Context, bytes: Uint8Array, fileName: string): void {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Content-Disposition', contentDisposition('inline', fileName));
  ctx.type = 'application/pdf';
  ctx.body = Buffer.from(bytes);
}

/** Convening a session: the notice and invitations (PDF), sending them by e-mail, and read status. */
export function conveningRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);
  const sessionIdOf = (ctx: Context) => input<unknown, unknown, { id: string }>(ctx).params.id;

  api.route({ method: 'post', path: '/sessions/:id/convening', tag: 'convening', auth: true, params: IdParams, body: ConveningRequest, response: ConveningView,
    summary: 'Generate the convening notice and one invitation per invitee (chair, delegates, guests); with send, e-mail each invitee their PDF (those not yet sent, or all with resend) (secretariat)' }, auth, async (ctx) => {
    const session = await loadSession(deps, sessionIdOf(ctx));
    await requireRole(deps, authOf(ctx), session.councilId, CONVENERS, 'triệu tập kỳ họp (dành cho Văn phòng HĐND)');
    if (session.cancelledAt) throw conveningErrors.cancelled();
    const body = input<z.output<typeof ConveningRequest>>(ctx).body;
    const actorId = authOf(ctx).userId;
    const lastSend = await lanes.run(String(session._id), async () => {
      const exists = await deps.models.Convening.exists({ sessionId: session._id });
      // Sending alone keeps the papers as generated (what was sent to the first invitees); new details regenerate.
      const asked = body.number !== undefined || body.place !== undefined || body.signerTitle !== undefined || body.signerName !== undefined;
      if (!exists || !body.send || asked) await generateConvening(deps, session, actorId, body);
      if (!body.send) return null;
      const c = await deps.models.Convening.findOne({ sessionId: session._id }).lean();
      if (!c) throw conveningErrors.notGenerated();
      return sendInvitations(deps, session._id, paperOf(c), actorId, { resend: body.resend, userIds: body.userIds, baseUrl: baseUrlOf(deps, ctx) });
    });
    ctx.body = { ok: true, data: await conveningView(deps, session, true, lastSend) };
  });

  api.route({ method: 'get', path: '/sessions/:id/convening', tag: 'convening', auth: true, params: IdParams, response: ConveningView,
    summary: 'The convening of a session: its papers, each invitee (sent, error, opened) and who has opened each document, never what they wrote (secretariat, chair)' }, auth, async (ctx) => {
    const session = await loadSession(deps, sessionIdOf(ctx));
    const held = await requireRole(deps, authOf(ctx), session.councilId, STATUS_READERS, 'xem tình hình gửi giấy mời và đọc tài liệu');
    ctx.body = { ok: true, data: await conveningView(deps, session, held.some((r) => CONVENERS.includes(r)), null) };
  });

  api.route({ method: 'get', path: '/sessions/:id/convening/notice.pdf', tag: 'convening', auth: true, params: IdParams,
    summary: 'The convening notice (thông báo triệu tập) as a PDF in the Decree 30/2020 format (secretariat, chair, delegates)' }, auth, async (ctx) => {
    const session = await loadSession(deps, sessionIdOf(ctx));
    await requireRole(deps, authOf(ctx), session.councilId, NOTICE_READERS, 'xem thông báo triệu tập');
    const c = await deps.models.Convening.findOne({ sessionId: session._id }).lean();
    if (!c) throw conveningErrors.notGenerated();
    const fileName = `thong-bao-trieu-tap-${slug(session.number || session.title)}.pdf`;
    sendPdf(ctx, await sealedNotice(deps, { councilId: session.councilId, sessionId: session._id }, paperOf(c), `${baseUrlOf(deps, ctx)}/`, fileName), fileName);
  });

  api.route({ method: 'get', path: '/me/invitations', tag: 'convening', auth: true, response: z.array(MyInvitation),
    summary: 'My invitations to sessions, newest first, with whether I have opened each' }, auth, async (ctx) => {
    ctx.body = { ok: true, data: await myInvitations(deps, authOf(ctx).userId) };
  });

  api.route({ method: 'get', path: '/invitations/:id.pdf', tag: 'convening', auth: true, params: InvitationPdfParams,
    summary: 'One invitation (giấy mời) as a PDF: the invitee\'s own (opening it marks it opened), or any of the council\'s for the secretariat and the chair' }, auth, async (ctx) => {
    const { id } = input<unknown, unknown, { id: string }>(ctx).params;
    const inv = await deps.models.Invitation.findById(id).lean();
    if (!inv) throw conveningErrors.invitationNotFound();
    const me = authOf(ctx).userId;
    const own = String(inv.userId) === me;
    if (!own) {
      const held = await rolesIn(deps, me, String(inv.councilId));
      // Someone else's invitation does not exist for anyone but the staff.
      if (!held.some((r) => STATUS_READERS.includes(r))) throw conveningErrors.invitationNotFound();
    }
    const c = await deps.models.Convening.findOne({ sessionId: inv.sessionId }).lean();
    if (!c) throw conveningErrors.invitationNotFound();
    const user = await deps.models.User.findById(inv.userId, { displayName: 1 }).lean();
    const fileName = `giay-moi-${slug((c.facts as NoticeFacts).session.name)}.pdf`;
    const pdf = await sealedInvitation(deps, { councilId: inv.councilId, sessionId: inv.sessionId }, paperOf(c), { displayName: user?.displayName ?? '', role: inv.role as 'chair' | 'delegate' | 'observer' }, `${baseUrlOf(deps, ctx)}/`, fileName);
    if (own && !inv.openedAt) await deps.models.Invitation.updateOne({ _id: inv._id, openedAt: null }, { $set: { openedAt: new Date() } });
    sendPdf(ctx, pdf, fileName);
  });

  return api;
}


import type { Context } from 'koa';
import { z } from 'zod';
import { IdParams } from '../../../../contract/common.js';
import { AgentTicketParams, AgentTokenParams } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { readBody } from '../../platform/http/readBody.js';
import { contentDisposition } from '../../platform/http/contentDisposition.js';
import { AppError } from '../../platform/errors.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { loadSitting } from '../../council/loaders.js';
import { trustAnchorsOf } from '../../signing/settings.js';
import { formatLimit } from '../../document/receive.js';
import { MINUTES_SIGNERS, requireRecordRole } from '../access.js';
import { completeAgentSigning, preparedPdf, usableTicket } from './agentTicket.js';
import { agentPaperOf, preparedDownloadName } from './agentPapers.js';
import { registerTicketRoutes } from './agentTicketRoutes.js';
import { checkAgentUpload } from './agentUploadCheck.js';
import { minutesAgentPaper } from './minutesAgentPaper.js';

/** The upload may be this many times the prepared PDF (the signature, its chain, timestamp and validation data), and at least 1 MiB more. */
const uploadLimit = (prepared: number) => Math.max(3 * prepared, prepared + 1024 ** 2);

const wrongType = () => new AppError('validation_failed', 'Hãy tải lên tệp PDF đã ký (Content-Type: application/pdf). / Upload the signed PDF (application/pdf).');

/**
 * The desktop-agent hand-off (USB tokens): the minutes' ticket for the signer (secretariat,
 * chair, as /minutes/sign; a resolution's is in resolutionAgentRoutes.ts), then the agent's
 * download and upload, for whichever paper the ticket is, authorised by the ticket's token
 * alone (no session: the agent runs outside the browser).
 */
export function registerAgentRoutes(api: ApiRouter, deps: Deps): void {
  const auth = requireAuth(deps);
  const tokenOf = (ctx: Context) => input<unknown, unknown, { token: string }>(ctx).params.token;

  registerTicketRoutes(api, auth, deps, {
    base: '/sittings/:id/minutes', params: IdParams, ticketParams: AgentTicketParams,
    summary: { prepare: 'the final minutes PDF', done: 'the minutes are signed', who: ' (secretariat, chair)' },
    paperOf: async (ctx) => {
      const sitting = await loadSitting(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
      const roles = await requireRecordRole(deps, authOf(ctx), sitting.councilId, MINUTES_SIGNERS, 'ký biên bản');
      return { paper: minutesAgentPaper(deps, String(sitting._id)), role: roles.includes('secretariat') ? 'secretariat' : 'chair' };
    },
  });

  api.route({ method: 'get', path: '/signing/agent/:token/document', tag: 'records', auth: false, params: AgentTokenParams,
    summary: 'The desktop signing agent downloads the prepared PDF (the minutes, a resolution); the token is the only authority (no session); 404 once expired or used' }, async (ctx) => {
    const ticket = await usableTicket(deps, tokenOf(ctx));
    const pdf = await preparedPdf(deps, ticket);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', contentDisposition('attachment', preparedDownloadName(ticket)));
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });

  api.route({ method: 'put', path: '/signing/agent/:token/document', tag: 'records', auth: false, params: AgentTokenParams, response: z.object({ signed: z.literal(true), sittingId: z.string() }),
    bodyContentType: 'application/pdf: the downloaded PDF with the signer\'s PAdES signature appended as an incremental update', body: z.any().describe('the signed file itself'),
    summary: 'The desktop signing agent uploads the signed PDF: checked (prefix, one new signature over the whole file, valid and trusted), sealed and stored as the signed minutes or resolution; one use' }, async (ctx) => {
    const ticket = await usableTicket(deps, tokenOf(ctx));
    if (!ctx.is(['application/pdf', 'application/octet-stream'])) throw wrongType();
    const limit = uploadLimit(ticket.preparedBytes);
    const uploaded = await readBody(ctx, limit, formatLimit(limit));
    const prepared = await preparedPdf(deps, ticket);
    const paper = await agentPaperOf(deps, ticket);
    const agent = await checkAgentUpload(prepared, uploaded, await trustAnchorsOf(deps.config.SIGNING_TRUST_ANCHORS), new Date(), paper.ref.paper);
    await completeAgentSigning(deps, paper, ticket, uploaded, agent);
    ctx.body = { ok: true, data: { signed: true, sittingId: ticket.sittingId } };
  });
}

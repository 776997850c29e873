import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { AgentTicket, AgentTicketRequest, AgentTicketStatus } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { authOf } from '../../auth/middleware.js';
import type { AgentPaper, AgentSigner } from './agentPaper.js';
import { createAgentTicket, ticketStatus } from './agentTicket.js';

/** The scheme of the link that opens the desktop signing agent with the two URLs (README: signing with a USB token). */
export const AGENT_URL_SCHEME = 'hdnd-kyso';

/** A paper's hand-off routes: where they are, who may use them, and the paper they are for. */
export interface TicketRoutes {
  /** The paper's path, e.g. `/sittings/:id/minutes`: the routes are `<base>/agent-ticket` and `<base>/agent-ticket/:ticketId`. */
  base: string;
  params: z.ZodType;
  ticketParams: z.ZodType;
  /** The paper's words in the summaries ("the final minutes PDF", "the minutes are signed") and who may (" (secretariat, chair)"). */
  summary: { prepare: string; done: string; who: string };
  /** The caller authorised (a 403 otherwise) and the paper they sign, as whom. */
  paperOf: (ctx: Context) => Promise<{ paper: AgentPaper; role: AgentSigner['role'] }>;
}

/** The ticket as the dialog gets it: the agent's absolute URLs (it runs outside the browser) and its link. */
function ticketAnswer(ctx: Context, t: { ticketId: string; token: string; expiresAt: Date }): AgentTicket {
  // Behind a proxy (TRUST_PROXY) its X-Forwarded-Proto and -Host name the public address.
  const url = `${ctx.protocol}://${ctx.host}/api/signing/agent/${t.token}/document`;
  const agentUrl = `${AGENT_URL_SCHEME}://sign?${new URLSearchParams({ download: url, upload: url, expires: t.expiresAt.toISOString() }).toString()}`;
  return { ticketId: t.ticketId, token: t.token, downloadUrl: url, uploadUrl: url, agentUrl, expiresAt: t.expiresAt.toISOString() };
}

/** POST `<base>/agent-ticket` (a one-time ticket for the latest revision) and GET `<base>/agent-ticket/:ticketId` (its status, which the dialog polls). */
export function registerTicketRoutes(api: ApiRouter, auth: Middleware, deps: Deps, r: TicketRoutes): void {
  api.route({ method: 'post', path: `${r.base}/agent-ticket`, tag: 'records', auth: true, params: r.params, body: AgentTicketRequest, response: AgentTicket,
    summary: `Prepare ${r.summary.prepare} for a desktop signing agent (USB token) and hand out a one-time token, valid 15 minutes, for its download and upload${r.summary.who}` }, auth, async (ctx) => {
    const { paper, role } = await r.paperOf(ctx);
    const { revision } = input<z.infer<typeof AgentTicketRequest>>(ctx).body;
    const t = await createAgentTicket(deps, paper, { userId: authOf(ctx).userId, role }, revision);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, data: ticketAnswer(ctx, t) };
  });

  api.route({ method: 'get', path: `${r.base}/agent-ticket/:ticketId`, tag: 'records', auth: true, params: r.ticketParams, response: AgentTicketStatus,
    summary: `Whether the desktop agent's signature arrived: pending, done (${r.summary.done}) or expired${r.summary.who}` }, auth, async (ctx) => {
    const { paper } = await r.paperOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, data: await ticketStatus(deps, paper, input<unknown, unknown, { ticketId: string }>(ctx).params.ticketId) };
  });
}

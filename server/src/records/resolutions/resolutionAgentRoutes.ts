import { PollAgentTicketParams, PollIdParams } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { ApiRouter } from '../../platform/http/apiRouter.js';
import { input } from '../../platform/http/validate.js';
import { requireAuth, authOf } from '../../auth/middleware.js';
import { requireRecordRole } from '../access.js';
import { registerTicketRoutes } from '../signing/agentTicketRoutes.js';
import { adoptionOf, councilOfPoll } from './adoption.js';
import { resolutionAgentPaper } from './resolutionAgentPaper.js';
import { RESOLUTION_SIGNERS } from './resolutionViews.js';

/**
 * The chair signs a resolution with a USB token: its ticket for the desktop agent and the
 * ticket's status (the agent's download and upload are the token's own routes, agentRoutes.ts).
 */
export function registerResolutionAgentRoutes(api: ApiRouter, deps: Deps): void {
  registerTicketRoutes(api, requireAuth(deps), deps, {
    base: '/polls/:pollId/resolution', params: PollIdParams, ticketParams: PollAgentTicketParams,
    summary: { prepare: 'the final resolution PDF (numbered)', done: 'the resolution is signed', who: ' (chair)' },
    paperOf: async (ctx) => {
      const { pollId } = input<unknown, unknown, { pollId: string }>(ctx).params;
      await requireRecordRole(deps, authOf(ctx), await councilOfPoll(deps, pollId), RESOLUTION_SIGNERS, 'ký ban hành nghị quyết (dành cho Chủ tịch HĐND)');
      return { paper: resolutionAgentPaper(deps, await adoptionOf(deps, pollId)), role: 'chair' };
    },
  });
}

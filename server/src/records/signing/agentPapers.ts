import type { Deps } from '../../app/deps.js';
import { adoptionOf } from '../resolutions/adoption.js';
import { resolutionAgentPaper } from '../resolutions/resolutionAgentPaper.js';
import type { AgentPaper, PaperRef } from './agentPaper.js';
import { minutesAgentPaper } from './minutesAgentPaper.js';

/** The paper a ticket is for (one made before tickets named their paper is the minutes'). */
export async function agentPaperOf(deps: Deps, ref: PaperRef): Promise<AgentPaper> {
  return ref.paper === 'resolution' && ref.pollId ? resolutionAgentPaper(deps, await adoptionOf(deps, ref.pollId)) : minutesAgentPaper(deps, ref.sittingId);
}

/** The prepared file's name as the agent downloads it. */
export const preparedDownloadName = (ref: PaperRef) =>
  (ref.paper === 'resolution' && ref.pollId ? `nghi-quyet-chua-ky-${ref.pollId}.pdf` : `bien-ban-chua-ky-${ref.sittingId}.pdf`);

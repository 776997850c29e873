import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { registerMinutesRoutes } from './minutes/minutesRoutes.js';
import { registerExportRoutes } from './export/exportRoutes.js';
import { registerVerifyRoute } from './verify/verifyRoute.js';
import { registerTallyRoute } from './minutes/tallyRoute.js';
import { registerSealRoutes } from './signing/sealRoutes.js';
import { registerSignerRoutes } from './signing/signerRoutes.js';
import { registerAgentRoutes } from './signing/agentRoutes.js';
import { registerResolutionRoutes } from './resolutions/resolutionRoutes.js';
import { registerResolutionAgentRoutes } from './resolutions/resolutionAgentRoutes.js';

/** Minutes, resolutions and records (biên bản, nghị quyết, hồ sơ lưu trữ): drafts, signing, exports and verification. */
export function recordRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  registerMinutesRoutes(api, deps);
  registerExportRoutes(api, deps);
  registerTallyRoute(api, deps);
  registerVerifyRoute(api, deps);
  registerSealRoutes(api, deps);
  registerSignerRoutes(api, deps);
  registerAgentRoutes(api, deps);
  registerResolutionRoutes(api, deps);
  registerResolutionAgentRoutes(api, deps);
  return api;
}

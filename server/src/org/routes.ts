import type { Deps } from '../deps.js';
import { ApiRouter } from '../http/apiRouter.js';

/** Admin REST endpoints for the organisation (placeholder until the org module lands). */
export function orgRoutes(_deps: Deps): ApiRouter {
  return new ApiRouter('/api/org');
}

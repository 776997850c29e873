import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { registerReferenceRoutes } from './referenceRoutes.js';
import { registerUnitRoutes } from './unitRoutes.js';
import { registerCouncilRoutes } from './councilRoutes.js';
import { registerMeetingPointRoutes } from './meetingPointRoutes.js';
import { registerMembershipRoutes } from './membershipRoutes.js';
import { registerImportRoutes } from './csvImport/importRoutes.js';
import { registerPeopleRoutes } from './peopleRoutes.js';

/** Admin REST endpoints for the organisation: reference data, units, councils, rooms, members. */
export function orgRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api/org');
  registerReferenceRoutes(api, deps);
  registerUnitRoutes(api, deps);
  registerCouncilRoutes(api, deps);
  registerMeetingPointRoutes(api, deps);
  registerMembershipRoutes(api, deps);
  registerImportRoutes(api, deps);
  registerPeopleRoutes(api, deps);
  return api;
}

import type { Deps } from './deps.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { authRoutes } from '../auth/routes.js';
import { setupRoutes, accountRoutes } from '../account/routes.js';
import { orgRoutes } from '../org/routes.js';
import { homeRoutes } from '../session/homeRoutes.js';
import { sessionRoutes } from '../session/sessionRoutes.js';
import { sittingRoutes } from '../sitting/routes.js';
import { agendaRoutes } from '../agenda/routes.js';
import { questionRoutes } from '../question/routes.js';
import { participantRoutes } from '../session/participantRoutes.js';
import { documentRoutes } from '../document/routes.js';
import { noteRoutes } from '../notes/routes.js';
import { pollRoutes } from '../poll/routes.js';
import { commentRoutes } from '../comment/routes.js';
import { recordRoutes } from '../records/routes.js';
import { conveningRoutes } from '../convening/routes.js';
import { portalRoutes } from '../portal/routes.js';
import { webcastRoutes } from '../webcast/routes.js';

/**
 * Every REST module; each returns an ApiRouter whose specs feed OpenAPI and the permission
 * matrix. The composition root (app/) is the one place that names every domain.
 */
export const routeModules: Array<(deps: Deps) => ApiRouter> = [authRoutes, setupRoutes, accountRoutes, orgRoutes, homeRoutes, sessionRoutes, sittingRoutes, agendaRoutes, questionRoutes, participantRoutes, documentRoutes, noteRoutes, commentRoutes, pollRoutes, recordRoutes, conveningRoutes, portalRoutes, webcastRoutes];

import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { ParticipantView } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { requireMember } from '../council/loaders.js';
import { loadCouncil } from '../org/access.js';

/** Names of a council's delegates and chair for the sitting screens (no contact details). */
export function participantRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  api.route({ method: 'get', path: '/councils/:id/participants', tag: 'sittings', auth: true, summary: 'Delegates and chair of a council with their rooms (names only)', params: IdParams, response: z.array(ParticipantView) }, requireAuth(deps), async (ctx) => {
    const council = await loadCouncil(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireMember(deps, authOf(ctx), council._id);
    const ms = await deps.models.Membership.find({ councilId: council._id, role: { $in: ['delegate', 'chair'] } }).lean();
    const users = await deps.models.User.find({ _id: { $in: ms.map((m) => m.userId) } }, { displayName: 1 }).lean();
    const names = new Map(users.map((u) => [String(u._id), u.displayName]));
    const data: ParticipantView[] = ms.map((m) => ({
      userId: String(m.userId), displayName: names.get(String(m.userId)) ?? '', role: m.role as 'delegate' | 'chair',
      meetingPointId: m.meetingPointId ? String(m.meetingPointId) : null,
    }));
    ctx.body = { ok: true, data };
  });
  return api;
}

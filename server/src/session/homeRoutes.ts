import { Types } from 'mongoose';
import { z } from 'zod';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { SessionSummary } from '../../../contract/session.js';
import { sessionSummary } from './summary.js';


const STAFF_ROLES = new Set(['admin', 'secretariat', 'chair']);

/** The home page's data: the sessions of every council the user belongs to. */
export function homeRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api/me');
  api.route({ method: 'get', path: '/sessions', tag: 'home', auth: true, summary: 'Sessions of my councils, newest first (drafts only for staff)', response: z.array(SessionSummary) }, requireAuth(deps), async (ctx) => {
    const { userId } = authOf(ctx);
    const { Membership, Council, CouncilSession } = deps.models;
    const ms = await Membership.find({ userId: new Types.ObjectId(userId) }).lean();
    const staffOf = new Set(ms.filter((m) => STAFF_ROLES.has(m.role)).map((m) => String(m.councilId)));
    const councilIds = [...new Set(ms.map((m) => String(m.councilId)))];
    const councils = await Council.find({ _id: { $in: councilIds } }).lean();
    const names = new Map(councils.map((c) => [String(c._id), c.name]));
    const sessions = await CouncilSession.find({ councilId: { $in: councilIds } }).sort({ startsAt: -1 }).limit(100).lean();
    const visible = sessions.filter((s) => s.status !== 'draft' || staffOf.has(String(s.councilId)));
    ctx.body = {
      ok: true,
      data: await Promise.all(visible.map((s) => sessionSummary(deps, s, names.get(String(s.councilId)) ?? ''))),
    };
  });
  return api;
}

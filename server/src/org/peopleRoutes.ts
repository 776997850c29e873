import { Types } from 'mongoose';
import { z } from 'zod';
import { PersonQuery, PersonView } from '../../../contract/org.js';
import type { Deps } from '../app/deps.js';
import { input } from '../platform/http/validate.js';
import type { ApiRouter } from '../platform/http/apiRouter.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { administeredUnitIds, requireAnyAdmin } from '../council/roles.js';
import { foldLabel } from './roleLabels.js';

const MAX_PEOPLE = 20;

/**
 * People an admin may give a role to: anyone holding a role in a council of a unit the
 * admin looks after (a province admin finds the commune's people), found by name, login,
 * e-mail or phone; and any account whose exact login is typed (a new account has no role
 * yet). Nothing else: an admin of one province does not browse another's people.
 */
export function registerPeopleRoutes(api: ApiRouter, deps: Deps): void {
  const { User, Council, Membership } = deps.models;

  api.route({ method: 'get', path: '/people', tag: 'org', auth: true, summary: 'Find a person to give a role (admins): by name or login among their units’ people, or by exact login', query: PersonQuery, response: z.array(PersonView) }, requireAuth(deps), async (ctx) => {
    const auth = authOf(ctx);
    await requireAnyAdmin(deps, auth);
    const { q } = input<unknown, PersonQuery>(ctx).query;
    const units = [...(await administeredUnitIds(deps, auth.userId))].map((id) => new Types.ObjectId(id));
    const councils = await Council.find({ unitId: { $in: units } }, { _id: 1 }).lean();
    const userIds = await Membership.distinct('userId', { councilId: { $in: councils.map((c) => c._id) } });
    const needle = foldLabel(q);
    const known = await User.find({ _id: { $in: userIds } }, { displayName: 1, login: 1, email: 1, phone: 1 }).lean();
    const found = known.filter((u) => [u.displayName, u.login, u.email, u.phone].some((s) => s && foldLabel(s).includes(needle)));
    const exact = await User.findOne({ login: q.toLowerCase() }, { displayName: 1, login: 1 }).lean();
    if (exact && !found.some((u) => u._id.equals(exact._id))) found.unshift(exact);
    const people = found.slice(0, MAX_PEOPLE).map((u) => ({ id: String(u._id), displayName: u.displayName, login: u.login }));
    ctx.body = { ok: true, data: people.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi')) };
  });
}

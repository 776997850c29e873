import { Types } from 'mongoose';
import type { MeView, MembershipView } from '../../../contract/auth.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';

/** The signed-in user with every council membership, as the client shell needs it. */
export async function buildMeView(deps: Deps, userId: string): Promise<MeView> {
  const { User, Membership, Council, Unit } = deps.models;
  const user = await User.findById(userId).lean();
  if (!user || user.disabled) throw errors.sessionExpired();
  const memberships = await Membership.find({ userId: new Types.ObjectId(userId) }).lean();
  const councils = await Council.find({ _id: { $in: memberships.map((m) => m.councilId) } }).lean();
  const units = await Unit.find({ _id: { $in: councils.map((c) => c.unitId) } }).lean();
  const councilById = new Map(councils.map((c) => [String(c._id), c]));
  const unitById = new Map(units.map((u) => [String(u._id), u]));
  const views: MembershipView[] = memberships.map((m) => {
    const council = councilById.get(String(m.councilId));
    return {
      id: String(m._id),
      councilId: String(m.councilId),
      councilName: council?.name ?? '',
      unitName: council ? (unitById.get(String(council.unitId))?.name ?? '') : '',
      role: m.role as Role,
      meetingPointId: m.meetingPointId ? String(m.meetingPointId) : null,
    };
  });
  return { id: String(user._id), login: user.login, displayName: user.displayName, locale: user.locale as 'vi' | 'en', memberships: views };
}

import type { Types } from 'mongoose';
import type { CouncilMemberView } from '../../../contract/org.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { Membership } from '../council/membership.model.js';

type StoredMembership = Membership & { _id: Types.ObjectId };

/** Memberships joined with their users, sorted by name as a member list is read. */
export async function councilMemberViews(deps: Deps, memberships: StoredMembership[]): Promise<CouncilMemberView[]> {
  const users = await deps.models.User.find({ _id: { $in: memberships.map((m) => m.userId) } }).lean();
  const byId = new Map(users.map((u) => [String(u._id), u]));
  const views = memberships.map((m): CouncilMemberView => {
    const u = byId.get(String(m.userId));
    return {
      id: String(m._id),
      councilId: String(m.councilId),
      userId: String(m.userId),
      displayName: u?.displayName ?? '',
      login: u?.login ?? '',
      email: u?.email ?? null,
      phone: u?.phone ?? null,
      role: m.role as Role,
      unitId: m.unitId ? String(m.unitId) : null,
      meetingPointId: m.meetingPointId ? String(m.meetingPointId) : null,
      activated: Boolean(u?.passwordHash),
      importId: m.importId ?? null,
    };
  });
  return views.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi') || a.role.localeCompare(b.role));
}

import type { Types } from 'mongoose';
import type { AccountView } from '../../../contract/account.js';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';

interface StoredUser {
  _id: Types.ObjectId;
  login: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  passwordHash?: string | null;
  disabled?: boolean | null;
}

/** Accounts with their memberships summarised (council name and role); never a hash. */
export async function accountViews(deps: Deps, users: StoredUser[]): Promise<AccountView[]> {
  const { Membership, Council } = deps.models;
  const ms = await Membership.find({ userId: { $in: users.map((u) => u._id) } }).lean();
  const councils = await Council.find({ _id: { $in: [...new Set(ms.map((m) => String(m.councilId)))] } }, { name: 1 }).lean();
  const councilName = new Map(councils.map((c) => [String(c._id), c.name]));
  return users.map((u) => ({
    id: String(u._id),
    login: u.login,
    displayName: u.displayName,
    email: u.email ?? null,
    phone: u.phone ?? null,
    disabled: Boolean(u.disabled),
    activated: Boolean(u.passwordHash),
    memberships: ms.filter((m) => String(m.userId) === String(u._id)).map((m) => ({
      id: String(m._id),
      councilId: String(m.councilId),
      councilName: councilName.get(String(m.councilId)) ?? '',
      role: m.role as Role,
    })),
  }));
}

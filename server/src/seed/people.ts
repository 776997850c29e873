import { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Models } from '../app/models.js';
import type { SeedDoc, SeedLedger } from './ledger.js';
import type { DemoCommune, DemoOrganisation } from './organisation.js';
import { vietnameseNames } from './names.js';

/** One demo account per role, all members of the province council. */
export const ROLE_ACCOUNTS: Array<{ role: Role; login: string; displayName: string }> = [
  { role: 'admin', login: 'admin@hdnd.demo', displayName: 'Quản trị hệ thống' },
  { role: 'secretariat', login: 'thuky@hdnd.demo', displayName: 'Trần Thị Thu Hà' },
  { role: 'chair', login: 'chutoa@hdnd.demo', displayName: 'Lê Quang Vinh' },
  { role: 'delegate', login: 'daibieu01@hdnd.demo', displayName: '' }, // named with the other delegates
  { role: 'meeting_point_operator', login: 'diemcau@hdnd.demo', displayName: 'Phạm Minh Tuấn' },
  { role: 'observer', login: 'khach@hdnd.demo', displayName: 'Đỗ Thị Hoa' },
];

/** Delegates attending from a commune meeting point rather than the hall: the last few. */
const REMOTE_DELEGATES = 6;

export const delegateLogin = (n: number) => `daibieu${String(n).padStart(2, '0')}@hdnd.demo`;

/**
 * The province council's people: N delegates, the chair being one of them (elected
 * delegate and chủ tọa), and staff who are not delegates. Every account gets the same
 * password hash, computed once by the caller: argon2id is slow on purpose.
 */
export async function seedPeople(models: Models, ledger: SeedLedger, org: DemoOrganisation, electedTotal: number, passwordHash: string): Promise<void> {
  const councilId = org.province.councilId;
  const users: SeedDoc[] = [];
  const memberships: SeedDoc[] = [];
  const userIds = new Map<string, Types.ObjectId>();
  const addUser = (login: string, displayName: string) => {
    const _id = new Types.ObjectId();
    users.push({ _id, login, displayName, email: login, passwordHash, locale: 'vi' });
    userIds.set(login, _id);
    return _id;
  };
  // A member attending from a commune room comes from that commune (membership `unitId`).
  const addMembership = (userId: Types.ObjectId, role: Role, commune: DemoCommune | null = null) =>
    memberships.push({ _id: new Types.ObjectId(), userId, councilId, role, unitId: commune?.unitId ?? null, meetingPointId: commune?.meetingPointId ?? null });

  const named = ROLE_ACCOUNTS.filter((a) => a.displayName);
  for (const a of named) {
    const userId = addUser(a.login, a.displayName);
    addMembership(userId, a.role, a.role === 'meeting_point_operator' ? org.communes[1]! : null);
  }
  // The chair is an elected delegate too, so the delegates are the chair plus N − 1 others.
  addMembership(userIds.get('chutoa@hdnd.demo')!, 'delegate');
  const others = electedTotal - 1;
  const names = vietnameseNames(others, named.map((a) => a.displayName));
  names.forEach((name, i) => {
    const remote = i >= others - REMOTE_DELEGATES;
    addMembership(addUser(delegateLogin(i + 1), name), 'delegate', remote ? org.communes[i % org.communes.length]! : null);
  });

  // Users are the seed's "already seeded" mark, so they are the very last write.
  await ledger.insert(models.Membership, memberships);
  await ledger.insert(models.User, users);
}

import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Deps } from '../../server/src/app/deps.js';
import { hashPassword } from '../../server/src/auth/password.js';
import { ROLES, type Role } from '../../contract/roles.js';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem';
let passwordHash: Promise<string> | null = null;

const uniq = () => randomBytes(4).toString('hex');

export async function buildUser(deps: Deps, over: { login?: string; displayName?: string; password?: string } = {}) {
  const hash = over.password ? await hashPassword(over.password) : await (passwordHash ??= hashPassword(TEST_PASSWORD));
  return deps.models.User.create({
    login: (over.login ?? `user-${uniq()}@example.vn`).toLowerCase(),
    displayName: over.displayName ?? `Nguyễn Văn ${uniq()}`,
    passwordHash: hash,
  });
}

/** Reference data for the two-level scheme: enough for units and councils. */
export async function buildReference(deps: Deps) {
  const { Scheme, Level, UnitType } = deps.models;
  if (await Level.exists({ code: 'province' })) return;
  await Scheme.create({ code: 'two-level-2025', name: 'Hai cấp (từ 01/7/2025)', validFrom: new Date('2025-07-01') });
  await Level.create([
    { code: 'province', scheme: 'two-level-2025', name: 'Cấp tỉnh', depth: 1 },
    { code: 'commune', scheme: 'two-level-2025', name: 'Cấp xã', depth: 2 },
  ]);
  await UnitType.create([
    { code: 'tinh', level: 'province', name: 'Tỉnh' },
    { code: 'xa', level: 'commune', name: 'Xã' },
  ]);
}

export async function buildUnit(deps: Deps, over: { name?: string; unitType?: string; parentId?: Types.ObjectId | null } = {}) {
  await buildReference(deps);
  return deps.models.Unit.create({
    name: over.name ?? `Tỉnh ${uniq()}`,
    unitType: over.unitType ?? 'tinh',
    parentId: over.parentId ?? null,
    validFrom: new Date('2025-07-01'),
  });
}

export async function buildCouncil(deps: Deps, over: { unitId?: Types.ObjectId; electedTotal?: number } = {}) {
  const unitId = over.unitId ?? (await buildUnit(deps))._id;
  return deps.models.Council.create({
    unitId,
    name: `HĐND ${uniq()}`,
    term: '2021-2026',
    termStart: new Date('2021-06-01'),
    electedTotal: over.electedTotal ?? 50,
  });
}

export async function buildMembership(deps: Deps, userId: Types.ObjectId, councilId: Types.ObjectId, role: Role) {
  return deps.models.Membership.create({ userId, councilId, role });
}

/**
 * A council with one user per role, plus a user with no membership at all (`none`):
 * the cast of the permission matrix.
 */
export async function buildCast(deps: Deps) {
  const council = await buildCouncil(deps);
  const users = {} as Record<Role | 'none', { login: string; id: string }>;
  for (const role of ROLES) {
    const u = await buildUser(deps, { login: `${role}-${uniq()}@example.vn` });
    await buildMembership(deps, u._id, council._id, role);
    users[role] = { login: u.login, id: String(u._id) };
  }
  const none = await buildUser(deps, { login: `none-${uniq()}@example.vn` });
  users.none = { login: none.login, id: String(none._id) };
  return { council, users };
}

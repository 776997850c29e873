import { Types } from 'mongoose';
import type { AccountInput, AccountListQuery, AccountPage, AccountPatch } from '../../../contract/account.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { requireUnitAdmin } from '../council/roles.js';
import { loadCouncil } from '../org/access.js';
import { isDuplicateKey } from '../org/dbErrors.js';
import { foldLabel } from '../org/roleLabels.js';
import { administrableUsers, requireAccountAdmin, requireSomeAdmin } from './access.js';
import { issueCode } from './codes.js';
import { accountErrors } from './errors.js';
import { endSignIns } from './signIns.js';
import { accountViews } from './views.js';

/**
 * Accounts the admin may administer, searched by name, login, e-mail or phone without
 * diacritics ("nguyen" finds "Nguyễn"), a page at a time. The search runs over the admin's
 * accounts in memory (a few thousand at most): FerretDB has no diacritic-folding index.
 */
export async function listAccounts(deps: Deps, auth: AuthContext, q: AccountListQuery): Promise<AccountPage> {
  const administered = await requireSomeAdmin(deps, auth);
  const filter = await administrableUsers(deps, administered);
  const { User } = deps.models;
  const fields = { displayName: 1, login: 1, email: 1, phone: 1 };
  const candidates = await User.find(filter, fields).limit(50_000).lean();
  const needle = q.q ? foldLabel(q.q) : '';
  const found = needle ? candidates.filter((u) => [u.displayName, u.login, u.email, u.phone].some((s) => s && foldLabel(s).includes(needle))) : candidates;
  found.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi') || a.login.localeCompare(b.login));
  const ids = found.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((u) => u._id);
  const users = await User.find({ _id: { $in: ids } }).lean();
  const byId = new Map(users.map((u) => [String(u._id), u]));
  const pageUsers = ids.map((id) => byId.get(String(id))).filter((u) => u !== undefined);
  return { items: await accountViews(deps, pageUsers), total: found.length, page: q.page, pageSize: q.pageSize };
}

/** A new account without a password, optionally with a first role, and its one-time code. */
export async function createAccount(deps: Deps, auth: AuthContext, b: AccountInput) {
  const { User, Membership } = deps.models;
  const council = b.membership ? await loadCouncil(deps, b.membership.councilId) : null;
  if (council) await requireUnitAdmin(deps, auth, String(council.unitId));
  else await requireSomeAdmin(deps, auth);
  const login = b.login.toLowerCase();
  if (await User.exists({ login })) throw accountErrors.loginTaken();
  const userId = new Types.ObjectId();
  // The role first, the user after: a user never exists with a role half-given.
  const membership = council ? await Membership.create({ userId, councilId: council._id, role: b.membership!.role }) : null;
  try {
    await User.create({ _id: userId, login, displayName: b.displayName, email: b.email, phone: b.phone, passwordHash: null });
  } catch (err) {
    if (membership) await Membership.deleteOne({ _id: membership._id });
    if (isDuplicateKey(err)) throw accountErrors.loginTaken();
    throw err;
  }
  const actorId = new Types.ObjectId(auth.userId);
  const reset = await issueCode(deps, userId, actorId);
  await appendAudit(deps, {
    chain: chains.accounts(), actorId, action: 'account:create', subject: { kind: 'user', id: userId },
    data: { login, councilId: council ? String(council._id) : null, role: b.membership?.role ?? null },
  });
  deps.log.info({ userId: String(userId), by: auth.userId }, 'account created');
  const [account] = await accountViews(deps, [{ _id: userId, login, displayName: b.displayName, email: b.email, phone: b.phone, passwordHash: null, disabled: false }]);
  return { account: account!, reset };
}

async function loadUser(deps: Deps, id: string) {
  const user = Types.ObjectId.isValid(id) ? await deps.models.User.findById(id).lean() : null;
  if (!user) throw accountErrors.noSuchAccount();
  return user;
}

/** Name, login, contact, disabled. Disabling ends the account's sign-ins at once. */
export async function patchAccount(deps: Deps, auth: AuthContext, id: string, p: AccountPatch) {
  const { User } = deps.models;
  const user = await loadUser(deps, id);
  await requireAccountAdmin(deps, auth, user._id);
  if (p.disabled === true && String(user._id) === auth.userId) throw accountErrors.notYourself();
  const set: Record<string, unknown> = {};
  if (p.displayName !== undefined) set.displayName = p.displayName;
  if (p.email !== undefined) set.email = p.email;
  if (p.phone !== undefined) set.phone = p.phone;
  if (p.disabled !== undefined) set.disabled = p.disabled;
  if (p.login !== undefined && p.login.toLowerCase() !== user.login) {
    const login = p.login.toLowerCase();
    if (await User.exists({ login })) throw accountErrors.loginTaken();
    set.login = login;
  }
  let updated;
  try {
    updated = await User.findByIdAndUpdate(user._id, { $set: set }, { returnDocument: 'after' }).lean();
  } catch (err) {
    if (isDuplicateKey(err)) throw accountErrors.loginTaken();
    throw err;
  }
  const disabledNow = p.disabled === true && !user.disabled;
  if (disabledNow) await endSignIns(deps, user._id, 'account_disabled');
  const changed = Object.keys(set).filter((k) => k !== 'disabled' || p.disabled !== Boolean(user.disabled));
  if (changed.length > 0) {
    const action = disabledNow ? 'account:disable' : p.disabled === false && user.disabled ? 'account:enable' : 'account:update';
    await appendAudit(deps, {
      chain: chains.accounts(), actorId: new Types.ObjectId(auth.userId), action, subject: { kind: 'user', id: user._id },
      data: { fields: changed, ...(set.login ? { login: set.login, previousLogin: user.login } : {}) },
    });
  }
  deps.log.info({ userId: id, by: auth.userId, fields: changed }, 'account changed');
  return (await accountViews(deps, [updated ?? user]))[0]!;
}

/** A new one-time code for the account (earlier codes stop working); audited, never logged. */
export async function resetPassword(deps: Deps, auth: AuthContext, id: string) {
  const user = await loadUser(deps, id);
  await requireAccountAdmin(deps, auth, user._id);
  const actorId = new Types.ObjectId(auth.userId);
  const reset = await issueCode(deps, user._id, actorId);
  await appendAudit(deps, { chain: chains.accounts(), actorId, action: 'account:passwordReset', subject: { kind: 'user', id: user._id }, data: { expiresAt: reset.expiresAt } });
  deps.log.info({ userId: id, by: auth.userId }, 'password reset code issued');
  return reset;
}

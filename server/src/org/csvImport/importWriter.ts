import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import type { RowProblem } from './csvRows.js';
import type { DelegateRow } from './delegateRows.js';
import { ROLE_LABEL_VI } from '../roleLabels.js';
import { isDuplicateKey } from '../dbErrors.js';

/** A checked row with the account it belongs to, if that account exists already. */
export interface PlannedRow extends DelegateRow { userId: Types.ObjectId | null }

/**
 * Matches rows to existing accounts (by e-mail or phone login) and refuses rows whose
 * person already holds that role in the council: a re-import adds nothing twice.
 */
export async function matchExisting(deps: Deps, councilId: Types.ObjectId, rows: DelegateRow[]): Promise<{ planned: PlannedRow[]; problems: RowProblem[] }> {
  const logins = rows.flatMap((r) => [r.email, r.phone]).filter((l): l is string => l !== null);
  const users = await deps.models.User.find({ login: { $in: [...new Set(logins)] } }, { login: 1 }).lean();
  const userByLogin = new Map(users.map((u) => [u.login, u._id]));
  const held = await deps.models.Membership.find({ councilId, userId: { $in: users.map((u) => u._id) } }, { userId: 1, role: 1 }).lean();
  const heldKeys = new Set(held.map((m) => `${String(m.userId)}:${m.role}`));
  const planned: PlannedRow[] = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const byEmail = r.email ? userByLogin.get(r.email) : undefined;
    const byPhone = r.phone ? userByLogin.get(r.phone) : undefined;
    if (byEmail && byPhone && !byEmail.equals(byPhone)) {
      problems.push({ line: r.line, reason: 'email và số điện thoại thuộc hai tài khoản khác nhau / the e-mail and the phone belong to two different accounts' });
    } else if ((byEmail ?? byPhone) && heldKeys.has(`${String(byEmail ?? byPhone)}:${r.role}`)) {
      problems.push({ line: r.line, reason: `đã là ${ROLE_LABEL_VI[r.role]} của hội đồng này / already a ${r.role} of this council` });
    } else {
      planned.push({ ...r, userId: byEmail ?? byPhone ?? null });
    }
  }
  return { planned, problems };
}

/**
 * Creates the account of a new person (no password until activated), or finds the one a
 * concurrent request created meanwhile. Not an upsert with `$setOnInsert`: FerretDB 1.24
 * drops the null fields of `$setOnInsert`, and `passwordHash: null` must be stored.
 */
async function createUser(deps: Deps, r: PlannedRow, created: Types.ObjectId[]): Promise<Types.ObjectId> {
  try {
    const user = await deps.models.User.create({ login: r.login, displayName: r.name, email: r.email, phone: r.phone, passwordHash: null });
    created.push(user._id);
    return user._id;
  } catch (err) {
    const existing = isDuplicateKey(err) ? await deps.models.User.findOne({ login: r.login }, { _id: 1 }).lean() : null;
    if (!existing) throw err;
    return existing._id;
  }
}

/** Removes what a failed import wrote: its memberships (by tag) and the accounts it created. */
async function rollback(deps: Deps, importId: string, created: Types.ObjectId[]): Promise<void> {
  try {
    await deps.models.Membership.deleteMany({ importId });
    if (created.length > 0) await deps.models.User.deleteMany({ _id: { $in: created } });
  } catch (err) {
    deps.log.error({ err, importId, createdUsers: created.map(String) }, 'import rollback failed: remove these by hand');
  }
}

/**
 * Writes checked rows without a transaction (FerretDB has none): accounts first, then
 * memberships tagged with the import's id. If any write fails, everything written so
 * far is removed again and the import answers an error naming the line.
 */
export async function writeImport(deps: Deps, councilId: Types.ObjectId, rows: PlannedRow[]): Promise<{ importId: string; imported: number }> {
  const importId = randomUUID();
  const created: Types.ObjectId[] = [];
  const userIds = new Map<string, Types.ObjectId>();
  let line = 0;
  try {
    for (const r of rows) {
      line = r.line;
      if (!r.userId && !userIds.has(r.login)) userIds.set(r.login, await createUser(deps, r, created));
    }
    for (const r of rows) {
      line = r.line;
      const userId = r.userId ?? userIds.get(r.login);
      await deps.models.Membership.create({ userId, councilId, role: r.role, unitId: r.unitId, importId });
    }
  } catch (err) {
    await rollback(deps, importId, created);
    deps.log.warn({ err, importId, line }, 'import failed and was rolled back');
    if (isDuplicateKey(err)) throw errors.importFailed(line);
    throw err;
  }
  return { importId, imported: rows.length };
}

import { Types } from 'mongoose';
import type { FirstAdminBody } from '../../../contract/account.js';
import type { Deps } from '../app/deps.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { hashPassword } from '../auth/password.js';
import { isDuplicateKey } from '../org/dbErrors.js';
import { SeedLedger } from '../seed/ledger.js';
import { seedReference } from '../seed/reference.js';
import { accountErrors } from './errors.js';

const MARKER = 'first-admin';
/** A marker this old with still no user is left from a first run that died half-way. */
const STALE_MARKER_MS = 2 * 60_000;

/** True while the database has no account at all: the first visit creates the administrator. */
export async function needsFirstAdmin(deps: Deps): Promise<boolean> {
  return !(await deps.models.User.exists({}));
}

/**
 * Claims the first run. The marker's fixed `_id` is the lock: FerretDB does not make a
 * conditional update atomic, but of two inserts of one `_id` exactly one succeeds. A marker
 * left by a first run that died before creating its user is taken over after two minutes.
 */
async function claimFirstRun(deps: Deps): Promise<void> {
  const { SetupMarker } = deps.models;
  if (!(await needsFirstAdmin(deps))) throw accountErrors.alreadySetUp();
  const old = await SetupMarker.findById(MARKER).lean();
  if (old && Date.now() - old.at.getTime() > STALE_MARKER_MS) await SetupMarker.deleteOne({ _id: MARKER, at: old.at });
  try {
    await SetupMarker.create({ _id: MARKER, at: new Date() });
  } catch (err) {
    if (isDuplicateKey(err)) throw accountErrors.alreadySetUp();
    throw err;
  }
  // A demo seed (or an earlier first run) may have written its users after our first look.
  if (!(await needsFirstAdmin(deps))) throw accountErrors.alreadySetUp();
}

/**
 * The first run: the reference data (levels, unit types) if missing, the top-level unit,
 * its council, the administrator and their `admin` membership, audited. Refused with
 * `conflict` once any account exists. Used by `POST /api/setup/first-admin` and by
 * `npm run admin:create`. Returns the new administrator's id.
 */
export async function createFirstAdmin(deps: Deps, b: FirstAdminBody): Promise<Types.ObjectId> {
  await claimFirstRun(deps);
  const ledger = new SeedLedger();
  const userId = new Types.ObjectId();
  const unitId = new Types.ObjectId();
  const councilId = new Types.ObjectId();
  const login = b.login.toLowerCase();
  try {
    const passwordHash = await hashPassword(b.password);
    await seedReference(deps.models, ledger);
    const now = new Date();
    await ledger.insert(deps.models.Unit, [{ _id: unitId, name: b.unitName, code: null, unitType: b.unitType, parentId: null, validFrom: new Date('2025-07-01'), validTo: null, lineage: [] }]);
    await ledger.insert(deps.models.Council, [{ _id: councilId, unitId, name: b.councilName, term: b.term, termStart: now, termEnd: null, electedTotal: b.electedTotal }]);
    await ledger.insert(deps.models.Membership, [{ _id: new Types.ObjectId(), userId, councilId, role: 'admin' }]);
    // The user last: "an account exists" is what closes the first run.
    await ledger.insert(deps.models.User, [{ _id: userId, login, displayName: b.displayName, passwordHash, locale: 'vi' }]);
  } catch (err) {
    await ledger.rollback();
    await deps.models.SetupMarker.deleteOne({ _id: MARKER });
    throw err;
  }
  await appendAudit(deps, {
    chain: chains.accounts(), actorId: userId, action: 'account:firstAdmin', subject: { kind: 'user', id: userId },
    data: { login, unitId: String(unitId), councilId: String(councilId), unitName: b.unitName, councilName: b.councilName, electedTotal: b.electedTotal },
  });
  deps.log.info({ userId: String(userId), unitId: String(unitId), councilId: String(councilId) }, 'first administrator created');
  return userId;
}

import type { Deps } from '../app/deps.js';
import { hashPassword } from '../auth/password.js';
import { SeedLedger } from './ledger.js';
import { seedReference } from './reference.js';
import { seedOrganisation, PROVINCE } from './organisation.js';
import { seedSessions } from './session.js';
import { seedDocuments } from './documents.js';
import { seedPeople, ROLE_ACCOUNTS } from './people.js';

/** The one password of every demo account (printed at start-up; a demo, not a deployment). */
export const DEMO_PASSWORD = 'demo1234';

/** One login per role, as main.ts prints them. */
export const DEMO_LOGINS: Array<{ role: string; login: string }> = ROLE_ACCOUNTS.map(({ role, login }) => ({ role, login }));

/**
 * Seeds the demo when the database has no users; returns true when it seeded.
 * Users are written last, so a seed that fails is undone and tried again at the next start.
 */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  const { models, conn, log } = deps;
  if ((await models.User.estimatedDocumentCount()) > 0) return false;
  const started = performance.now();
  // Hashed once for every account: argon2id costs tens of milliseconds by design.
  const passwordHash = hashPassword(DEMO_PASSWORD);
  passwordHash.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const ledger = new SeedLedger();
  try {
    await seedReference(models, ledger);
    const org = await seedOrganisation(models, ledger);
    const chair = ROLE_ACCOUNTS.find((a) => a.role === 'chair')!.displayName;
    const sessions = await seedSessions(models, ledger, org, chair);
    await seedDocuments(models, conn, ledger, sessions);
    await seedPeople(models, ledger, org, PROVINCE.electedTotal, await passwordHash);
  } catch (err) {
    log.error({ err }, 'demo seed failed; undoing what it wrote');
    await ledger.rollback();
    throw err;
  }
  log.info({ ms: Math.round(performance.now() - started) }, 'demo data seeded');
  return true;
}

import type { Deps } from '../deps.js';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_LOGINS: Array<{ role: string; login: string }> = [];

/** Seeds the demo when the database has no users; returns true when it seeded. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if ((await deps.models.User.estimatedDocumentCount()) > 0) return false;
  return false;
}

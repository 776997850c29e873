import type { Role } from '../../../contract/roles.js';

/** Those who prepare and run a sitting: they see it from its creation, as a draft. */
const STAFF: readonly Role[] = ['chair', 'secretariat'];

/**
 * Who sees a sitting at all: a draft only its staff (nobody else has been told of it yet,
 * and it may still change or be dropped); a closed-door sitting (họp kín) nobody who is only
 * an observer. Lists leave out what this refuses; reading it answers `not_found`.
 */
export function canSeeSitting(roles: readonly Role[], s: { status: string; closedDoors: boolean }): boolean {
  if (s.status === 'draft' && !seesDrafts(roles)) return false;
  if (s.closedDoors && roles.every((r) => r === 'observer')) return false;
  return true;
}

/** Whether these roles see draft sittings (the staff who prepare and run them). */
export function seesDrafts(roles: readonly Role[]): boolean {
  return roles.some((r) => STAFF.includes(r));
}

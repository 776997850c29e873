import type { Role } from '../../../contract/roles.js';
import { auth } from './auth/login.svelte.js';

/** The signed-in user's roles in one council. */
export function rolesIn(councilId: string | null | undefined): Set<Role> {
  if (!councilId || !auth.me) return new Set();
  return new Set(auth.me.memberships.filter((m) => m.councilId === councilId).map((m) => m.role));
}

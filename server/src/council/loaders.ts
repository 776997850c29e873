import { Types } from 'mongoose';
import type { Role } from '../../../contract/roles.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { rolesIn } from './roles.js';
import { errors } from '../platform/errors.js';

/** Loads a council session (kỳ họp) or answers `not_found`. */
export async function loadSession(deps: Deps, id: string) {
  const s = Types.ObjectId.isValid(id) ? await deps.models.CouncilSession.findById(id).lean() : null;
  if (!s) throw errors.notFound('kỳ họp');
  return s;
}

/** Loads a sitting (phiên họp) or answers `not_found`. */
export async function loadSitting(deps: Deps, id: string) {
  const s = Types.ObjectId.isValid(id) ? await deps.models.Sitting.findById(id).lean() : null;
  if (!s) throw errors.notFound('phiên họp');
  return s;
}

/** Any role in the council; drafts are for staff only. Returns the roles held. */
export async function requireMember(deps: Deps, auth: AuthContext, councilId: Types.ObjectId | string): Promise<Role[]> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (held.length === 0) throw errors.forbidden('xem kỳ họp của hội đồng khác');
  return held;
}

/** The secretariat prepares sessions: sittings, agenda, answers to questions. */
export async function requireSecretariat(deps: Deps, auth: AuthContext, councilId: Types.ObjectId | string): Promise<void> {
  const held = await rolesIn(deps, auth.userId, String(councilId));
  if (!held.includes('secretariat')) throw errors.forbidden('chuẩn bị kỳ họp');
}

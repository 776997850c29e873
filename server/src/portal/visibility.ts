import { Types } from 'mongoose';
import type { PublicStatus } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';

/**
 * What the public may see at all. A session (kỳ họp) is public once published and not
 * cancelled; a sitting (phiên họp) once published, in a public session, and never when held
 * behind closed doors (họp kín). Anything else is answered exactly as a missing thing.
 */
export const PUBLIC_STATUSES: readonly PublicStatus[] = ['published', 'open', 'closed'];

export const isPublicStatus = (status: string): status is PublicStatus => (PUBLIC_STATUSES as readonly string[]).includes(status);

export function isPublicSession(s: { status: string; cancelledAt?: Date | null }): boolean {
  return isPublicStatus(s.status) && !s.cancelledAt;
}

export function isPublicSitting(s: { status: string; closedDoors?: boolean | null }): boolean {
  return isPublicStatus(s.status) && s.closedDoors !== true;
}

/** The one answer for anything missing or not public: the same words whatever the reason. */
export const portalNotFound = (what: string) => new AppError('not_found', `Không tìm thấy ${what} hoặc ${what} chưa được công khai. / Not found.`);

/** An ObjectId from a wire id, or null (never throws). */
export const oid = (id: string) => (Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/.test(id) ? new Types.ObjectId(id) : null);

/** A sitting the public may see, with its (public) session; `not_found` otherwise. */
export async function loadPublicSitting(deps: Deps, sittingId: string) {
  const id = oid(sittingId);
  const sitting = id ? await deps.models.Sitting.findById(id).lean() : null;
  if (!sitting || !isPublicSitting(sitting)) throw portalNotFound('phiên họp');
  const session = await deps.models.CouncilSession.findById(sitting.sessionId).lean();
  if (!session || !isPublicSession(session)) throw portalNotFound('phiên họp');
  return { sitting, session };
}

/** The public sittings of some sessions (already known to be public), by date and start time. */
export async function publicSittingsOf(deps: Deps, sessionIds: readonly Types.ObjectId[]) {
  if (sessionIds.length === 0) return [];
  const all = await deps.models.Sitting.find({ sessionId: { $in: [...sessionIds] } }).lean();
  return all.filter(isPublicSitting).sort((a, b) => `${a.date ?? '9999'} ${a.startTime ?? ''}`.localeCompare(`${b.date ?? '9999'} ${b.startTime ?? ''}`) || String(a._id).localeCompare(String(b._id)));
}

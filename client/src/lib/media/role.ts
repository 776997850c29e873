import type { MembershipView } from '../../../../contract/auth.js';
import type { MediaRole } from '../../../../contract/media.js';

/**
 * How this user joins a council's briefing: the chair and the secretariat are the main hall,
 * a meeting point's operator is that room, everyone else watches.
 */
export function mediaRoleFor(memberships: MembershipView[], councilId: string): { role: MediaRole; meetingPointId: string | null } {
  const mine = memberships.filter((m) => m.councilId === councilId);
  if (mine.some((m) => m.role === 'chair' || m.role === 'secretariat')) return { role: 'hall', meetingPointId: null };
  const operator = mine.find((m) => m.role === 'meeting_point_operator' && m.meetingPointId);
  if (operator) return { role: 'room', meetingPointId: operator.meetingPointId };
  return { role: 'viewer', meetingPointId: null };
}

import type { MembershipView } from '../../../../contract/auth.js';
import type { MediaRole } from '../../../../contract/media.js';

/**
 * How this user joins a council's briefing from the meeting-room page: the chair and the
 * secretariat are the main hall, a meeting point's operator is that room, everyone else
 * watches. A delegate attending from their own device joins as `remote` from the tablet page
 * (lib/remote), by their check-in, not by a membership.
 */
export function mediaRoleFor(memberships: MembershipView[], councilId: string): { role: MediaRole; meetingPointId: string | null } {
  const mine = memberships.filter((m) => m.councilId === councilId);
  if (mine.some((m) => m.role === 'chair' || m.role === 'secretariat')) return { role: 'hall', meetingPointId: null };
  const operator = mine.find((m) => m.role === 'meeting_point_operator' && m.meetingPointId);
  if (operator) return { role: 'room', meetingPointId: operator.meetingPointId };
  return { role: 'viewer', meetingPointId: null };
}

import type { SessionSummary } from '../../../../contract/session.js';
import type { SittingView } from '../../../../contract/sitting.js';
import type { MembershipView } from '../../../../contract/auth.js';
import { api } from '../api.js';

/** A sitting this user may join as a video briefing, with its session. */
export interface BriefingEntry {
  sitting: SittingView;
  session: SessionSummary;
}

/**
 * The sittings not yet closed of the user's sessions that their meeting point takes part
 * in (operators), or all of them (others). Closed sittings (họp kín) admit no meeting point.
 */
export async function briefingsFor(memberships: MembershipView[]): Promise<BriefingEntry[]> {
  const sessions = await api<SessionSummary[]>('GET', '/api/me/sessions');
  if (!sessions.ok) throw new Error(sessions.message);
  const out: BriefingEntry[] = [];
  for (const session of sessions.data.filter((s) => s.status !== 'closed')) {
    const sittings = await api<SittingView[]>('GET', `/api/sessions/${session.id}/sittings`);
    if (!sittings.ok) continue;
    const rooms = memberships.filter((m) => m.councilId === session.councilId && m.role === 'meeting_point_operator' && m.meetingPointId).map((m) => m.meetingPointId!);
    const onlyOperator = memberships.filter((m) => m.councilId === session.councilId).every((m) => m.role === 'meeting_point_operator');
    for (const sitting of sittings.data) {
      if (sitting.status === 'closed' || sitting.status === 'draft') continue;
      if (onlyOperator && (sitting.closedDoors || !sitting.meetingPointIds.some((id) => rooms.includes(id)))) continue;
      out.push({ sitting, session });
    }
  }
  return out;
}

import type { AttendanceEntry, FloorRequest, Speaking, SittingMeetingPoint, SittingState } from '../../../contract/sitting.js';
import type { QuorumRules } from '../council/quorum.js';
import { quorumOf } from '../council/quorum.js';

/** The mutable part of a sitting that commands change (what the reducer sees). */
export interface LiveState {
  status: 'draft' | 'published' | 'open' | 'closed';
  /** Closed sitting (họp kín): set before the opening by the secretariat, during it by the chair. */
  closedDoors: boolean;
  currentItemId: string | null;
  attendance: AttendanceEntry[];
  queue: FloorRequest[];
  speaking: Speaking | null;
  speechCounts: Array<{ userId: string; agendaItemId: string; count: number }>;
}

export interface SittingIdentity {
  id: string;
  sessionId: string;
  councilId: string;
  title: string;
  closedDoors: boolean;
  /** The agenda items it takes up; empty: the whole session's agenda. */
  agendaItemIds: string[];
  /** The meeting points taking part, with their names. */
  meetingPoints: SittingMeetingPoint[];
  date: string | null;
  startTime: string | null;
  venue: string;
}

/** What every screen receives: identity, live state and the quorum computed from it. */
export function toSittingState(id: SittingIdentity, live: LiveState, rules: QuorumRules): SittingState {
  return {
    ...id,
    status: live.status,
    closedDoors: live.closedDoors,
    currentItemId: live.currentItemId,
    attendance: live.attendance,
    queue: live.queue,
    speaking: live.speaking,
    quorum: quorumOf(live.attendance, rules),
  };
}

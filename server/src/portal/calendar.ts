import type { PublicCalendar, PublicSession, PublicSittingSummary, PublicStatus } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { loadPublicCouncil } from './councils.js';
import { isPublicSession, publicSittingsOf } from './visibility.js';

/**
 * A council's calendar: its public sessions (newest first), each with its public sittings.
 * Draft and cancelled sessions, draft sittings and closed sittings (họp kín) are left out
 * entirely: not even counted.
 */
export async function buildCalendar(deps: Deps, councilId: string): Promise<PublicCalendar> {
  const { council, view } = await loadPublicCouncil(deps, councilId);
  const sessions = (await deps.models.CouncilSession.find({ councilId: council._id }).lean()).filter(isPublicSession);
  const sittings = await publicSittingsOf(deps, sessions.map((s) => s._id));
  const bySession = new Map<string, PublicSittingSummary[]>();
  for (const s of sittings) {
    const key = String(s.sessionId);
    bySession.set(key, [...(bySession.get(key) ?? []), {
      id: String(s._id), title: s.title, status: s.status as PublicStatus, date: s.date ?? null, startTime: s.startTime ?? null, venue: s.venue ?? '',
    }]);
  }
  const out: PublicSession[] = sessions
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
    .map((s) => ({
      id: String(s._id), number: s.number ?? '', title: s.title, kind: s.kind as PublicSession['kind'], status: s.status as PublicStatus,
      startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), venue: s.venue ?? '', sittings: bySession.get(String(s._id)) ?? [],
    }));
  return { council: view, sessions: out };
}

import type { MembershipView } from '../../../../contract/auth.js';
import type { PublicCalendar, PublicSession, PublicSittingSummary, PublicStatus } from '../../../../contract/portal.js';

/** A public sitting with the session and council it belongs to. */
export interface FollowedSitting {
  sitting: PublicSittingSummary;
  session: Pick<PublicSession, 'id' | 'number' | 'title'>;
  councilName: string;
}

/** The order the observer reads them in: under way, then coming, then held. */
export const GROUP_ORDER: readonly PublicStatus[] = ['open', 'published', 'closed'];

/** "YYYY-MM-DD HH:MM", or null while not scheduled. */
const when = (s: PublicSittingSummary) => (s.date ? `${s.date} ${s.startTime ?? '99:99'}` : null);

/** By time (latest first when `latestFirst`), the unscheduled last either way. */
function byTime(a: PublicSittingSummary, b: PublicSittingSummary, latestFirst: boolean): number {
  const [x, y] = [when(a), when(b)];
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return latestFirst ? y.localeCompare(x) : x.localeCompare(y);
}

/**
 * Every public sitting of these calendars, by status in GROUP_ORDER: open and upcoming ones
 * soonest first, held ones latest first.
 */
export function groupSittings(calendars: readonly PublicCalendar[]): Array<{ status: PublicStatus; sittings: FollowedSitting[] }> {
  const all: FollowedSitting[] = calendars.flatMap((c) =>
    c.sessions.flatMap((session) => session.sittings.map((sitting) => ({ sitting, session: { id: session.id, number: session.number, title: session.title }, councilName: c.council.name }))),
  );
  return GROUP_ORDER.map((status) => {
    const sittings = all.filter((f) => f.sitting.status === status);
    sittings.sort((a, b) => byTime(a.sitting, b.sitting, status === 'closed'));
    return { status, sittings };
  }).filter((g) => g.sittings.length > 0);
}

/** The councils this user follows as a guest (observer), once each, in the order of their memberships. */
export function observedCouncils(memberships: readonly MembershipView[]): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of memberships) if (m.role === 'observer' && !seen.has(m.councilId)) seen.set(m.councilId, m.councilName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

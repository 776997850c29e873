import type { PublicAgendaItem, PublicLive } from '../../../contract/portal.js';
import type { SittingState } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { snapshot } from '../sitting/store.js';

/** Where the speaker speaks from: the hall, a meeting point by name, or online. */
function fromWhere(state: SittingState, userId: string, meetingPointId: string | null): string {
  const a = state.attendance.find((e) => e.userId === userId);
  const point = meetingPointId ?? a?.meetingPointId ?? null;
  if (point) return state.meetingPoints.find((m) => m.id === point)?.name ?? 'Điểm cầu';
  return a?.status === 'online' ? 'Trực tuyến' : 'Hội trường';
}

/**
 * The live part of an open sitting: the current item, who has the floor (a name and where
 * from, nothing else: no queue, no devices, no per-delegate attendance) and the quorum count.
 */
export async function publicLiveOf(deps: Deps, sittingId: string, agenda: readonly PublicAgendaItem[]): Promise<PublicLive | null> {
  const { state } = await snapshot(deps, sittingId);
  if (state.status !== 'open' || state.closedDoors) return null;
  const item = agenda.find((i) => i.id === state.currentItemId);
  const s = state.speaking;
  const speaker = s ? await deps.models.User.findById(s.userId, { displayName: 1 }).lean() : null;
  return {
    currentItemId: item ? item.id : null,
    currentItemTitle: item ? `${item.number}. ${item.title}` : null,
    speaking: s ? { name: speaker?.displayName ?? '', kind: s.kind, official: s.official ?? null, from: fromWhere(state, s.userId, s.meetingPointId ?? null), startedAt: s.startedAt, limitSeconds: s.limitSeconds } : null,
    present: state.quorum.present,
    electedTotal: state.quorum.electedTotal,
    quorumMet: state.quorum.met,
  };
}

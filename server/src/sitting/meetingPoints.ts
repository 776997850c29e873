import type { SittingMeetingPoint } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';

/**
 * The meeting points a sitting takes part with, named, in the sitting's order. A point since
 * deleted keeps its place with an empty name rather than vanishing from attendance.
 */
export async function sittingMeetingPoints(deps: Deps, ids: readonly unknown[]): Promise<SittingMeetingPoint[]> {
  if (ids.length === 0) return [];
  const found = await deps.models.MeetingPoint.find({ _id: { $in: ids } }, { name: 1 }).lean<Array<{ _id: unknown; name: string }>>();
  const names = new Map(found.map((p) => [String(p._id), p.name]));
  return ids.map(String).map((id) => ({ id, name: names.get(id) ?? '' }));
}

import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';

/** Ids of a unit and every unit below it, at any depth (a province and its communes). */
export async function unitSubtreeIds(deps: Deps, rootId: string): Promise<Set<string>> {
  const result = new Set<string>();
  let frontier = [rootId];
  while (frontier.length > 0) {
    frontier.forEach((id) => result.add(id));
    const children = await deps.models.Unit.find({ parentId: { $in: frontier.map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean();
    frontier = children.map((c) => String(c._id)).filter((id) => !result.has(id));
  }
  return result;
}

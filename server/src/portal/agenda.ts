import type { Types } from 'mongoose';
import type { AgendaKind } from '../../../contract/agenda.js';
import type { PublicAgendaItem } from '../../../contract/portal.js';
import { sittingItemIds } from '../../../contract/sittingAgenda.js';
import { buildTree, prune, type TreeNode } from '../../../contract/agendaTree.js';
import type { Deps } from '../app/deps.js';

interface ItemLean {
  _id: Types.ObjectId; parentId?: Types.ObjectId | null; order: number; title: string; kind: string; minutes?: number | null; presenter?: string | null;
  documentIds?: Types.ObjectId[] | null;
}
type Item = { id: string; parentId: string | null; order: number; title: string; kind: AgendaKind; minutes: number; presenter: string; documentIds: string[] };

/** A session's agenda items, keyed for the tree. */
export async function sessionItems(deps: Deps, sessionId: Types.ObjectId): Promise<Item[]> {
  const items = await deps.models.AgendaItem.find({ sessionId }).lean<ItemLean[]>();
  return items.map((i) => ({
    id: String(i._id), parentId: i.parentId ? String(i.parentId) : null, order: i.order, title: i.title, kind: i.kind as AgendaKind,
    minutes: i.minutes ?? 15, presenter: i.presenter ?? '', documentIds: (i.documentIds ?? []).map(String),
  }));
}

/** The items a sitting takes up (chosen ones and everything under them; none chosen: all). */
export const itemsOfSitting = (items: readonly Item[], chosen: readonly string[] | null | undefined): Set<string> => sittingItemIds(items, chosen ?? []);

/**
 * The sitting's own agenda in reading order, numbered as the session numbers it ("2.1") —
 * the same tree the tablets show: an item not taken up gives way to its sub-items that are.
 */
export function publicAgenda(items: readonly Item[], keep: ReadonlySet<string>): PublicAgendaItem[] {
  const out: PublicAgendaItem[] = [];
  const walk = (nodes: ReadonlyArray<TreeNode<Item>>, parentId: string | null, depth: number) => {
    for (const n of nodes) {
      out.push({ id: n.id, parentId, number: n.number, depth, title: n.title, kind: n.kind, minutes: n.minutes, presenter: n.presenter });
      walk(n.children, n.id, depth + 1);
    }
  };
  walk(prune(buildTree(items), keep), null, 0);
  return out;
}

import { Types } from 'mongoose';
import type { AgendaItemView } from '../../../contract/agenda.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { loadSession } from '../council/loaders.js';

type ItemLean = {
  _id: Types.ObjectId; sessionId: Types.ObjectId; parentId?: Types.ObjectId | null; order: number; title: string;
  kind: string; minutes?: number | null; presenter?: string | null; documentIds?: Types.ObjectId[]; pollIds?: Types.ObjectId[];
};

export function toAgendaView(i: ItemLean): AgendaItemView {
  return {
    id: String(i._id), sessionId: String(i.sessionId), parentId: i.parentId ? String(i.parentId) : null, order: i.order,
    title: i.title, kind: i.kind as AgendaItemView['kind'], minutes: i.minutes ?? 15, presenter: i.presenter ?? '',
    documentIds: (i.documentIds ?? []).map(String), pollIds: (i.pollIds ?? []).map(String),
  };
}

export async function loadItem(deps: Deps, id: string) {
  const item = Types.ObjectId.isValid(id) ? await deps.models.AgendaItem.findById(id).lean() : null;
  if (!item) throw errors.notFound('nội dung chương trình');
  return { item, session: await loadSession(deps, String(item.sessionId)) };
}

/** A parent must be an item of the same session, and not the item itself or below it. */
export async function assertParentOk(deps: Deps, sessionId: Types.ObjectId, parentId: string, itemId: string | null): Promise<void> {
  let cursor: string | null = parentId;
  for (let depth = 0; cursor; depth++) {
    if (cursor === itemId || depth > 10) throw errors.conflict('Không thể đặt một nội dung vào chính nó hoặc nội dung con của nó. / An item cannot be nested under itself.');
    const p: { sessionId: Types.ObjectId; parentId?: Types.ObjectId | null } | null = await deps.models.AgendaItem.findById(cursor, { sessionId: 1, parentId: 1 }).lean();
    if (!p || String(p.sessionId) !== String(sessionId)) throw errors.notFound('nội dung cha trong kỳ họp này');
    cursor = p.parentId ? String(p.parentId) : null;
  }
}

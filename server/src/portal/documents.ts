import type { Types } from 'mongoose';
import type { DocumentKind } from '../../../contract/document.js';
import type { PublicDocument } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { itemsOfSitting, sessionItems } from './agenda.js';
import { isPublicSession, oid, portalNotFound, publicSittingsOf } from './visibility.js';

export interface DocLean {
  _id: Types.ObjectId; sessionId: Types.ObjectId; agendaItemId?: Types.ObjectId | null; title: string; kind: string; access: string;
  pages: number; bytes: number; sha256: string; fileName: string; fileId: Types.ObjectId; supersededBy?: Types.ObjectId | null; withdrawnAt?: Date | null;
}

/** Public (công khai), current and not withdrawn: the only documents the portal ever names. */
export const isPublicDocument = (d: Pick<DocLean, 'access' | 'supersededBy' | 'withdrawnAt'>) => d.access === 'public' && !d.supersededBy && !d.withdrawnAt;

/**
 * Whether a public document belongs to the public part of its session: a general document of
 * the session (no agenda item), or one of an item (by the document's item, or listed on the
 * item) that some public sitting takes up. An item only closed sittings (họp kín) take up
 * keeps its documents off the portal.
 */
export function belongsToItems(d: Pick<DocLean, '_id' | 'agendaItemId'>, keep: ReadonlySet<string>, listedOn: ReadonlyMap<string, string>): boolean {
  if (d.agendaItemId) return keep.has(String(d.agendaItemId));
  const listed = listedOn.get(String(d._id));
  return listed === undefined || keep.has(listed);
}

/** Document id → the item that lists it (AgendaItem.documentIds). */
export const listedOnItems = (items: ReadonlyArray<{ id: string; documentIds: string[] }>) => new Map(items.flatMap((i) => i.documentIds.map((d) => [d, i.id] as const)));

export const publicDocumentView = (d: DocLean): PublicDocument => ({
  id: String(d._id), title: d.title, kind: d.kind as DocumentKind, agendaItemId: d.agendaItemId ? String(d.agendaItemId) : null,
  pages: d.pages, bytes: d.bytes, fileUrl: `/api/public/documents/${String(d._id)}/file`,
});

/** The public documents of a session that belong to `keep` (a sitting's items), by title. */
export async function publicDocumentsOf(deps: Deps, sessionId: Types.ObjectId, keep: ReadonlySet<string>, listedOn: ReadonlyMap<string, string>): Promise<PublicDocument[]> {
  const docs = await deps.models.Document.find({ sessionId, access: 'public' }).lean<DocLean[]>();
  return docs.filter((d) => isPublicDocument(d) && belongsToItems(d, keep, listedOn)).map(publicDocumentView).sort((a, b) => a.title.localeCompare(b.title, 'vi'));
}

/** A document the public may download, or `not_found` (whatever the reason, the same answer). */
export async function loadPublicDocument(deps: Deps, documentId: string): Promise<DocLean> {
  const id = oid(documentId);
  const doc = id ? await deps.models.Document.findById(id).lean<DocLean>() : null;
  if (!doc || !isPublicDocument(doc)) throw portalNotFound('tài liệu');
  const session = await deps.models.CouncilSession.findById(doc.sessionId).lean();
  if (!session || !isPublicSession(session)) throw portalNotFound('tài liệu');
  const items = await sessionItems(deps, session._id);
  const keep = new Set<string>();
  for (const s of await publicSittingsOf(deps, [session._id])) for (const id of itemsOfSitting(items, s.agendaItemIds)) keep.add(id);
  if (!belongsToItems(doc, keep, listedOnItems(items))) throw portalNotFound('tài liệu');
  return doc;
}

import type { AccessLevel, DocumentKind, DocumentView } from '../../../contract/document.js';
import type { DocumentLean } from './access.js';

/** The API's view of a document; the list of named readers only for the staff. */
export function toDocumentView(d: DocumentLean, opts: { showReaders: boolean }): DocumentView {
  const id = String(d._id);
  return {
    id,
    sessionId: String(d.sessionId),
    agendaItemId: d.agendaItemId ? String(d.agendaItemId) : null,
    title: d.title,
    kind: d.kind as DocumentKind,
    access: d.access as AccessLevel,
    allowedUserIds: opts.showReaders ? (d.allowedUserIds ?? []).map(String) : [],
    fileName: d.fileName,
    sha256: d.sha256,
    bytes: d.bytes,
    pages: d.pages,
    version: d.version,
    supersedes: d.supersedes ? String(d.supersedes) : null,
    supersededBy: d.supersededBy ? String(d.supersededBy) : null,
    hasScripts: d.hasScripts ?? false,
    fileUrl: `/api/documents/${id}/file`,
    uploadedAt: (d.createdAt ?? new Date(0)).toISOString(),
    withdrawn: d.withdrawnAt ? { at: d.withdrawnAt.toISOString(), reason: d.withdrawnReason ?? '' } : null,
  };
}

import { Types } from 'mongoose';
import type { AccessLevel, DocumentEdit, DocumentKind } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { loadSession } from '../council/loaders.js';
import { rolesIn } from '../council/roles.js';
import { errors } from '../platform/errors.js';
import { isStaff, loadDocument, type DocumentLean } from './access.js';
import { checkReaders, documentWithdrawn } from './upload.js';
import { versionsOf } from './versions.js';

/**
 * A document the secretariat or the chair manages (sửa thông tin, rút tài liệu), with every
 * version of it: metadata and withdrawal belong to the document, so an old version never
 * stays readable under rules the staff have since changed.
 */
async function loadManaged(deps: Deps, auth: AuthContext, id: string) {
  const doc = await loadDocument(deps, id);
  const session = await loadSession(deps, String(doc.sessionId));
  if (!isStaff(await rolesIn(deps, auth.userId, String(session.councilId)))) throw errors.forbidden('quản lý tài liệu của kỳ họp này');
  const versions = await versionsOf(deps, doc);
  if (versions.some((v) => v.withdrawnAt)) throw documentWithdrawn();
  return { session, versions, current: versions[versions.length - 1]! };
}

const ids = (vs: readonly DocumentLean[]) => vs.map((v) => v._id);

/**
 * Withdraws a document (rút tài liệu): every version is marked, the files stay for the
 * record, and the document leaves every dossier but the staff's. The reason joins the
 * document's audit chain (that of its current version, as confidential reads do).
 */
export async function withdrawDocument(deps: Deps, auth: AuthContext, id: string, reason: string): Promise<{ doc: DocumentLean; sessionId: string }> {
  const { session, versions, current } = await loadManaged(deps, auth, id);
  const at = new Date();
  const set = { withdrawnAt: at, withdrawnBy: new Types.ObjectId(auth.userId), withdrawnReason: reason };
  // The audit entry first: a withdrawal that is not on record must not take effect.
  await appendAudit(deps, {
    chain: chains.document(String(current._id)),
    actorId: auth.userId,
    action: 'document:withdraw',
    subject: { kind: 'document', id: current._id },
    data: { sessionId: session._id, title: current.title, reason, versions: ids(versions) },
  });
  await deps.models.Document.updateMany({ _id: { $in: ids(versions) } }, { $set: set });
  deps.log.info({ documentId: String(current._id), sessionId: String(session._id), by: auth.userId }, 'document withdrawn');
  return { doc: { ...current, ...set }, sessionId: String(session._id) };
}

/**
 * Changes a document's title, kind, access, named readers or agenda item, on every version.
 * The same checks as an upload: the agenda item is of this session, named readers are
 * members of the council; readers are dropped when the access is no longer named. Audited
 * with the values before and after, since access decides who reads.
 */
export async function editDocument(deps: Deps, auth: AuthContext, id: string, b: DocumentEdit): Promise<{ doc: DocumentLean; sessionId: string }> {
  const { session, versions, current } = await loadManaged(deps, auth, id);
  if (b.agendaItemId && !(await deps.models.AgendaItem.exists({ _id: new Types.ObjectId(b.agendaItemId), sessionId: session._id }))) {
    throw errors.invalidField('agendaItemId', 'không có nội dung này trong chương trình kỳ họp / no such agenda item in this session');
  }
  const access: AccessLevel = b.access ?? (current.access as AccessLevel);
  const named = access === 'named' || access === 'confidential';
  const readers = named ? [...new Set(b.allowedUserIds ?? (current.allowedUserIds ?? []).map(String))] : [];
  await checkReaders(deps, session.councilId, readers);

  const before = {
    title: current.title, kind: current.kind as DocumentKind, access: current.access as AccessLevel,
    agendaItemId: current.agendaItemId ? String(current.agendaItemId) : null, allowedUserIds: (current.allowedUserIds ?? []).map(String),
  };
  const after = {
    title: b.title ?? before.title, kind: b.kind ?? before.kind, access,
    agendaItemId: b.agendaItemId === undefined ? before.agendaItemId : b.agendaItemId, allowedUserIds: readers,
  };
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return { doc: current, sessionId: String(session._id) };

  await appendAudit(deps, {
    chain: chains.document(String(current._id)),
    actorId: auth.userId,
    action: 'document:edit',
    subject: { kind: 'document', id: current._id },
    data: {
      sessionId: session._id, versions: ids(versions), changed,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    },
  });
  const set = {
    title: after.title, kind: after.kind, access: after.access,
    agendaItemId: after.agendaItemId ? new Types.ObjectId(after.agendaItemId) : null,
    allowedUserIds: readers.map((r) => new Types.ObjectId(r)),
  };
  await deps.models.Document.updateMany({ _id: { $in: ids(versions) } }, { $set: set });
  deps.log.info({ documentId: String(current._id), sessionId: String(session._id), changed, by: auth.userId }, 'document edited');
  return { doc: { ...current, ...set }, sessionId: String(session._id) };
}

import { Types } from 'mongoose';
import type { AccessLevel, DocumentKind, DocumentUploadQuery, DocumentUploadResult, UploadWarning } from '../../../contract/document.js';
import type { Deps } from '../app/deps.js';
import type { AuthContext } from '../auth/logins.js';
import { errors } from '../platform/errors.js';
import { loadDocument, type DocumentLean } from './access.js';
import { inspectPdf } from './inspect.js';
import { keepPageReads } from './pageReadsStore.js';
import type { ReceivedFile } from './receive.js';
import { deleteFromGridFS, filesBucket, uploadFileToGridFS } from '../platform/storage.js';
import { documentCache } from './cache.js';
import { toDocumentView } from './views.js';

const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

type Session = { _id: Types.ObjectId; councilId: Types.ObjectId };

/** The record's metadata, settled before the body is read: a bad query costs no upload. */
export interface PlannedDocument {
  title: string;
  kind: DocumentKind;
  access: AccessLevel;
  agendaItemId: Types.ObjectId | null;
  allowedUserIds: Types.ObjectId[];
  fileName: string;
  previous: DocumentLean | null;
}

/** Named readers must be members of the document's council. */
export async function checkReaders(deps: Deps, councilId: Types.ObjectId, readers: readonly string[]): Promise<void> {
  if (readers.length === 0) return;
  const members = await deps.models.Membership.find({ councilId, userId: { $in: readers.map((id) => new Types.ObjectId(id)) } }, { userId: 1 }).lean();
  const known = new Set(members.map((m) => String(m.userId)));
  const strangers = readers.filter((id) => !known.has(id));
  if (strangers.length > 0) throw errors.invalidField('allowedUserIds', `không phải thành viên của hội đồng: ${strangers.join(', ')} / not members of the council`);
}

/** A withdrawn document takes no new version and no edit: it stays as it was withdrawn. */
export const documentWithdrawn = () => errors.conflict('Tài liệu này đã được rút khỏi hồ sơ kỳ họp; không thể sửa hay thêm phiên bản. / This document has been withdrawn from the dossier; it cannot be changed.');

/**
 * Checks an upload's metadata against the data: the agenda item is of this session, the
 * superseded document is a current one of this session, named readers are members of the
 * council. A new version takes whatever the query leaves out from the version it replaces.
 */
export async function planDocument(deps: Deps, session: Session, q: DocumentUploadQuery): Promise<PlannedDocument> {
  const previous = q.supersedes ? await loadDocument(deps, q.supersedes) : null;
  if (previous?.withdrawnAt) throw documentWithdrawn();
  if (previous && String(previous.sessionId) !== String(session._id)) throw errors.invalidField('supersedes', 'tài liệu này thuộc kỳ họp khác / belongs to another session');
  if (previous && (previous.supersededBy || (await deps.models.Document.exists({ successorOf: previous._id })))) throw errors.documentAlreadySuperseded();
  const agendaItemId = q.agendaItemId ?? (previous?.agendaItemId ? String(previous.agendaItemId) : null);
  if (agendaItemId && !(await deps.models.AgendaItem.exists({ _id: new Types.ObjectId(agendaItemId), sessionId: session._id }))) {
    throw errors.invalidField('agendaItemId', 'không có nội dung này trong chương trình kỳ họp / no such agenda item in this session');
  }
  const access = q.access ?? (previous?.access as AccessLevel | undefined) ?? 'council';
  const named = access === 'named' || access === 'confidential';
  const readers = !named ? [] : q.allowedUserIds ?? (previous?.allowedUserIds ?? []).map(String);
  await checkReaders(deps, session.councilId, readers);
  return {
    title: q.title ?? previous!.title,
    kind: q.kind ?? (previous!.kind as DocumentKind),
    access,
    agendaItemId: agendaItemId ? new Types.ObjectId(agendaItemId) : null,
    allowedUserIds: [...new Set(readers)].map((id) => new Types.ObjectId(id)),
    fileName: q.fileName ?? previous?.fileName ?? 'tai-lieu.pdf',
    previous,
  };
}

/**
 * Judges the staged file by its content, then stores it in GridFS and records it. Without
 * transactions the order matters: the file first, then the record, whose unique
 * `successorOf` lets only one new version follow a version (the loser's file is removed
 * and it answers `conflict`), then the old version's `supersededBy`. A crash between the
 * last two leaves `supersededBy` unset; readers also look at `successorOf` (see versions.ts).
 */
export async function storeDocument(deps: Deps, auth: AuthContext, session: Session, plan: PlannedDocument, file: ReceivedFile): Promise<DocumentUploadResult> {
  const facts = await inspectPdf(file.path, file.bytes, { timeoutMs: deps.config.DOCUMENT_INSPECT_SECONDS * 1000, memoryMb: deps.config.DOCUMENT_INSPECT_MEMORY_MB });
  const triggers = [...new Set([...facts.scriptTriggers, ...file.rawScriptNames])];
  const bucket = filesBucket(deps.conn);
  const fileId = await uploadFileToGridFS(bucket, file.path, plan.fileName, { contentType: 'application/pdf', sha256: file.sha256 });
  const { previous, ...meta } = plan;
  let created;
  try {
    created = await deps.models.Document.create({
      ...meta, sessionId: session._id, fileId, sha256: file.sha256, bytes: file.bytes, pages: facts.pages,
      version: (previous?.version ?? 0) + 1, supersedes: previous?._id ?? null, ...(previous ? { successorOf: previous._id } : {}),
      hasScripts: triggers.length > 0, scriptTriggers: triggers, uploadedBy: new Types.ObjectId(auth.userId), opening: facts.opening,
    });
  } catch (err) {
    await deleteFromGridFS(bucket, fileId);
    // Another new version of the same document was recorded first (unique successorOf).
    if (previous && isDuplicateKey(err)) throw errors.documentAlreadySuperseded();
    throw err;
  }
  if (previous) await deps.models.Document.updateOne({ _id: previous._id }, { $set: { supersededBy: created._id } });
  // What each page reads, for one request per page turn: without it the viewer reads as pdf.js asks.
  await keepPageReads(deps, created._id, facts.pageReads).catch((err: unknown) => deps.log.warn({ err, documentId: String(created._id) }, 'document: could not keep its page reads'));
  await documentCache(deps).adopt(file.path, file.sha256).catch((err: unknown) => deps.log.warn({ err }, 'document cache: could not keep the upload'));
  deps.log.info({ documentId: String(created._id), sessionId: String(session._id), bytes: file.bytes, pages: facts.pages, hasScripts: triggers.length > 0, by: auth.userId }, 'document uploaded');
  const warnings: UploadWarning[] = triggers.length === 0 ? [] : [{
    code: 'has_scripts',
    message: `Tệp có mã JavaScript hoặc thao tác tự động (${triggers.join(', ')}). Tài liệu vẫn được lưu; trình xem không bao giờ chạy các mã này. / The file contains JavaScript or automatic actions; it was stored, and the viewer never runs them.`,
  }];
  return { document: toDocumentView(created.toObject() as DocumentLean, { showReaders: true }), warnings };
}

import { z } from 'zod';
import { Id } from './common.js';

/**
 * What a document is in the session's dossier (hồ sơ kỳ họp):
 * - `submission`: tờ trình
 * - `draft_resolution`: dự thảo nghị quyết
 * - `review_report`: báo cáo thẩm tra
 * - `other`: tài liệu khác
 */
export const DocumentKind = z.enum(['submission', 'draft_resolution', 'review_report', 'other']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * Who may read a document (mức truy cập):
 * - `public`: công khai — every member of the council, observers included;
 * - `council`: đại biểu HĐND — the council's members except observers;
 * - `named`: danh sách chỉ định — `allowedUserIds`, the secretariat and the chair;
 * - `confidential`: mật — like `named`, but every read is logged, the file is never sent as
 *   a download, and the viewer overlays a per-reader watermark and allows no text copy.
 */
export const AccessLevel = z.enum(['public', 'council', 'named', 'confidential']);
export type AccessLevel = z.infer<typeof AccessLevel>;

/** A query value that may be repeated (`?a=1&a=2`) or comma-separated (`?a=1,2`). */
const IdList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean)),
  z.array(Id).max(500),
);

/**
 * The metadata of an upload. The body is the PDF itself (`Content-Type: application/pdf`),
 * so everything else travels in the query string. With `supersedes`, the upload is a new
 * version of that document: anything left out is taken from it.
 */
export const DocumentUploadQuery = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  kind: DocumentKind.optional(),
  access: AccessLevel.optional(),
  agendaItemId: Id.optional(),
  /** Readers of a `named` or `confidential` document besides the secretariat and the chair. */
  allowedUserIds: IdList.optional(),
  /** The name the file had on the secretary's computer; shown, never trusted. */
  fileName: z.string().trim().min(1).max(200).optional(),
  supersedes: Id.optional(),
}).refine((q) => q.supersedes !== undefined || (q.title !== undefined && q.kind !== undefined), {
  message: 'title and kind are required for a new document (not for a new version)',
  path: ['title'],
});
export type DocumentUploadQuery = z.infer<typeof DocumentUploadQuery>;

/** `?all=true` lists every version; by default only current ones (not superseded). */
export const DocumentListQuery = z.object({ all: z.enum(['true', 'false', '1', '0']).optional() });

/** `?download=1` asks for `Content-Disposition: attachment`; refused for confidential documents. */
export const DocumentFileQuery = z.object({ download: z.enum(['1', '0', 'true', 'false']).optional() });

/** A document as members see it. */
export const DocumentView = z.object({
  id: z.string(),
  sessionId: z.string(),
  agendaItemId: z.string().nullable(),
  title: z.string(),
  kind: DocumentKind,
  access: AccessLevel,
  /** Set for `named` and `confidential`, and only shown to the secretariat and the chair. */
  allowedUserIds: z.array(z.string()),
  fileName: z.string(),
  /** Hex SHA-256 of the bytes; also the file's ETag. */
  sha256: z.string(),
  bytes: z.number().int(),
  pages: z.number().int(),
  /** 1 for the first upload, n+1 for each new version. */
  version: z.number().int(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  /** The file holds JavaScript or automatic actions; the viewer never runs them. */
  hasScripts: z.boolean(),
  /** GET it for the bytes (Range, ETag, immutable cache). */
  fileUrl: z.string(),
  uploadedAt: z.string(),
  /**
   * Set when the secretariat or the chair withdrew the document (rút tài liệu): only they
   * still see it (with this mark); delegates' dossiers no longer list or serve it.
   */
  withdrawn: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export type DocumentView = z.infer<typeof DocumentView>;

/**
 * GET /api/documents/:id/pages: what the viewer reads to draw each page of this version, by
 * chunks of `chunk` bytes, recorded at upload; page n's [start, end) pairs are
 * `spans[index[n-1] .. index[n]]`. A page turn asks for all of it in one request. Null when
 * the file's structure did not read (the viewer asks as pdf.js asks).
 */
export const DocumentPageReads = z.object({
  chunk: z.number().int(),
  index: z.array(z.number().int()),
  spans: z.array(z.number().int()),
}).nullable();
export type DocumentPageReads = z.infer<typeof DocumentPageReads>;

/** A comma-separated or repeated list of access levels (`?access=named,confidential`). */
const AccessList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean)),
  z.array(AccessLevel).max(4),
);

/**
 * GET /api/me/documents: the current documents I may read (as `canRead` rules) across the
 * sessions of every council I belong to, newest session first; drafts only for the staff.
 * `?access=named,confidential` narrows it to those levels: for an observer, the documents
 * the council granted them by name (tài liệu dành cho khách mời).
 */
export const MyDocumentsQuery = z.object({ access: AccessList.optional() });
export type MyDocumentsQuery = z.infer<typeof MyDocumentsQuery>;

/** A document of mine, with the session it belongs to (to group by and to open in /tai-lieu/:sessionId/:id). */
export const MyDocument = DocumentView.extend({
  session: z.object({ id: z.string(), number: z.string(), title: z.string(), councilId: z.string(), councilName: z.string(), startsAt: z.string() }),
});
export type MyDocument = z.infer<typeof MyDocument>;

/**
 * PATCH /api/documents/:id: the document's metadata, for every one of its versions (a
 * version is a new file of the same document, not a new document). Only what is sent
 * changes; `agendaItemId: null` takes the document off the agenda (general documents).
 */
export const DocumentEdit = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  kind: DocumentKind.optional(),
  access: AccessLevel.optional(),
  agendaItemId: Id.nullable().optional(),
  /** Readers of a `named` or `confidential` document besides the secretariat and the chair. */
  allowedUserIds: z.array(Id).max(500).optional(),
}).strict().refine((b) => Object.keys(b).length > 0, { message: 'nothing to change', path: ['title'] });
export type DocumentEdit = z.infer<typeof DocumentEdit>;

/** POST /api/documents/:id/withdraw: why the document is withdrawn (kept on record, audited). */
export const DocumentWithdraw = z.object({ reason: z.string().trim().min(3).max(500) });
export type DocumentWithdraw = z.infer<typeof DocumentWithdraw>;

/** Something the uploader should know about an accepted file. */
export const UploadWarning = z.object({ code: z.enum(['has_scripts']), message: z.string() });
export type UploadWarning = z.infer<typeof UploadWarning>;

export const DocumentUploadResult = z.object({ document: DocumentView, warnings: z.array(UploadWarning) });
export type DocumentUploadResult = z.infer<typeof DocumentUploadResult>;

/**
 * Response headers of GET /api/documents/:id/file that the viewer reads. `X-Watermark`
 * (confidential documents only) is the reader's name and the time of the read, UTF-8
 * percent-encoded (HTTP headers are Latin-1): `decodeURIComponent` it, and draw it over
 * every page.
 */
export const WATERMARK_HEADER = 'X-Watermark';

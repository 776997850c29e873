import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { DocumentView } from '../../../../contract/document.js';
import { api, type ApiError, type ApiResult } from '../api.js';
import { FileError } from './fileError.js';
import { fileAnswer, loadFile, type FileAnswer, type LoadedFile } from './viewerFile.js';
import { openPdf, warmUp } from './pdf.js';

export interface Opened {
  doc: DocumentView;
  file: Omit<LoadedFile, 'source'>;
  pdf: PDFDocumentProxy;
}
export type OpenResult = { ok: true; value: Opened } | { ok: false; error: ApiError | FileError };

/**
 * Opens a document: its metadata and its first bytes (the offline copy first) in parallel,
 * then pdf.js on them. Offline, the metadata may come from `fallback` (the dossier list
 * kept by the service worker) when the document's own answer was never kept.
 */
export async function openDocument(
  documentId: string,
  started?: { meta: Promise<ApiResult<DocumentView>>; file: Promise<FileAnswer> },
  fallback?: () => Promise<DocumentView | undefined>,
): Promise<OpenResult> {
  void warmUp().catch(() => {});
  const meta = await (started?.meta ?? api<DocumentView>('GET', `/api/documents/${documentId}`));
  const doc = meta.ok ? meta.data : meta.error === 'network_error' ? await fallback?.() : undefined;
  if (!doc) return { ok: false, error: meta.ok ? new FileError('not_found') : meta };
  performance.mark('viewer-meta');
  try {
    const { source, ...file } = await loadFile(doc, started?.file);
    performance.mark('viewer-bytes');
    const pdf = await openPdf(source);
    performance.mark('viewer-parsed');
    return { ok: true, value: { doc, file, pdf } };
  } catch (err) {
    return { ok: false, error: err instanceof FileError ? err : new FileError('server') };
  }
}

let pending: { documentId: string; result: Promise<OpenResult> } | null = null;

/**
 * Called at start-up when the address is a document: pdf.js, its worker, the metadata and
 * the bytes all start at once, and the PDF is opened, while the app is still checking the
 * sign-in. The viewer takes the result (a document opened from a link or a reload shows its
 * first page sooner).
 */
export function prefetchDocument(documentId: string, page = 1): void {
  void warmUp().catch(() => {});
  const started = {
    // Not yet signed in is an answer here, not a lost sign-in (the app's own check says so).
    meta: api<DocumentView>('GET', `/api/documents/${documentId}`, undefined, { authCheck: true }),
    file: fileAnswer(`/api/documents/${documentId}/file`),
  };
  const result = openDocument(documentId, started).then((r) => {
    if (r.ok) void r.value.pdf.getPage(Math.min(Math.max(1, page), r.value.pdf.numPages)).catch(() => {});
    return r;
  });
  pending = { documentId, result };
}

/** The prefetched opening of this document, once (null if there is none). */
export function takePrefetched(documentId: string): Promise<OpenResult> | null {
  if (pending?.documentId !== documentId) return null;
  const p = pending.result;
  pending = null;
  return p;
}

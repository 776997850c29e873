import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { DocumentView } from '../../../../contract/document.js';
import type { ApiError } from '../api.js';
import { FileError } from './docStore.js';
import { openDocument, takePrefetched } from './prefetch.js';

export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;
const STEP = 1.25;

/**
 * One document open in the viewer: its metadata, the pdf.js document, the page shown and
 * the zoom ('fit' follows the width of the reading area).
 */
export class OpenDocument {
  readonly documentId: string;
  doc = $state.raw<DocumentView | null>(null);
  pdf = $state.raw<PDFDocumentProxy | null>(null);
  page = $state(1);
  zoom = $state<'fit' | number>('fit');
  /** The width available for the page, in CSS pixels (set by the reading area). */
  areaWidth = $state(0);
  /** The shown page's width at scale 1, in PDF points. */
  pageWidth = $state(595);
  watermark = $state<string | null>(null);
  fromCache = $state(false);
  /** Every byte of the file is on the tablet (the offline copy, or its download has ended). */
  whole = $state(false);
  error = $state<ApiError | FileError | null>(null);
  #pages = new Map<number, Promise<PDFPageProxy>>();
  #showing: ((n: number, opts?: { ahead: boolean }) => void) | null = null;
  /** The page drawn last, to tell reading page by page from a jump. */
  #lastDrawn = Number.NaN;

  constructor(documentId: string) {
    this.documentId = documentId;
  }

  get pageCount(): number {
    return this.pdf?.numPages ?? this.doc?.pages ?? 0;
  }

  get confidential(): boolean {
    return this.doc?.access === 'confidential';
  }

  /** CSS pixels per PDF point for the page shown. */
  get scale(): number {
    return this.scaleFor(this.pageWidth);
  }

  /** CSS pixels per PDF point for a page `width` points wide. */
  scaleFor(width: number): number {
    if (this.zoom !== 'fit') return this.zoom;
    if (this.areaWidth <= 0) return 1;
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, (this.areaWidth - 32) / width));
  }

  /**
   * Metadata, then the bytes (the offline copy first), pdf.js warming up meanwhile; what
   * start-up already began for this document is taken over (see prefetch.ts).
   */
  async open(fallback?: () => Promise<DocumentView | undefined>): Promise<void> {
    performance.mark('viewer-open');
    let result = await (takePrefetched(this.documentId) ?? openDocument(this.documentId, undefined, fallback));
    // Prefetched before the sign-in was known, or offline without the metadata: try again
    // the ordinary way (with the dossier list as the offline fallback).
    if (!result.ok && !(result.error instanceof FileError)) result = await openDocument(this.documentId, undefined, fallback);
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const { doc, file, pdf } = result.value;
    this.doc = doc;
    this.watermark = file.watermark;
    this.fromCache = file.fromCache;
    void file.whole.then(() => (this.whole = true));
    this.#showing = file.showing ?? null;
    this.pdf = pdf;
    this.go(this.page);
  }

  /** Page n; `shown`: it is the page in front of the reader, its bytes come first and at once. */
  getPage(n: number, shown = false): Promise<PDFPageProxy> {
    const pdf = this.pdf;
    if (!pdf) return Promise.reject(new Error('not open'));
    if (shown) this.#showing?.(n);
    let p = this.#pages.get(n);
    if (!p) {
      p = pdf.getPage(n);
      this.#pages.set(n, p);
    }
    return p;
  }

  /**
   * Page n was drawn. A reader going page by page (n came right after n-1, or n+1) gets the
   * next page's bytes asked for now, so "Trang sau" draws without waiting for the link; a
   * jump asks for nothing ahead. Never for a confidential document: only the pages read are
   * sent (and logged).
   */
  drawn(n: number): void {
    const step = n - this.#lastDrawn;
    this.#lastDrawn = n;
    if (this.confidential || Math.abs(step) !== 1) return;
    const next = n + step;
    if (next >= 1 && next <= this.pageCount) this.#showing?.(next, { ahead: true });
  }

  go(n: number): void {
    const count = this.pageCount;
    if (!Number.isFinite(n) || count === 0) return;
    this.page = Math.min(count, Math.max(1, Math.round(n)));
  }

  zoomIn(): void {
    this.zoom = Math.min(MAX_SCALE, this.scale * STEP);
  }

  zoomOut(): void {
    this.zoom = Math.max(MIN_SCALE, this.scale / STEP);
  }

  close(): void {
    this.#pages.clear();
    void this.pdf?.destroy();
    this.pdf = null;
  }
}

import type { PDFDataRangeTransport, PDFDocumentProxy, PDFPageProxy, PDFWorker, RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { drawWatermark } from './watermark.js';

/**
 * pdf.js, loaded on first use (the rest of the app does without its 400 kB) and set up so
 * a document can never run code: no eval (the CSP forbids it anyway), no scripting
 * sandbox, no XFA forms. One worker serves every document this tab opens.
 */
type PdfJs = typeof import('pdfjs-dist');
let lib: Promise<PdfJs> | null = null;
let worker: PDFWorker | null = null;
/** The worker thread itself, started before pdf.js's main module has even loaded. */
let port: Worker | null = null;

export function pdfjs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return lib;
}

/** Starts pdf.js and its worker ahead of the bytes (all three load in parallel). */
export async function warmUp(): Promise<PDFWorker> {
  port ??= new Worker(workerUrl, { type: 'module' });
  const m = await pdfjs();
  worker ??= m.PDFWorker.create({ port });
  return worker;
}

/**
 * pdf.js's unit of a range request. Small, because of a scanner's PDF: pdf.js reads the
 * dictionary of every page on opening (a flat page tree: it checks the last page), and a
 * scanner writes each beside its image, spread through the file — 400 pages ask for 400
 * chunks (batched into a few requests, rangeReader.ts): 0.8 MB at 2 kB, 25 MB at pdf.js's
 * default 64 kB. A page's image is one request whatever this is (its chunks are contiguous).
 */
export const RANGE_CHUNK_BYTES = 2 * 1024;

/**
 * Opens a PDF from its bytes or by ranges. By ranges, pdf.js fetches what a page needs and
 * nothing else (`disableAutoFetch`): the rest comes from the background download when the
 * document may be kept, and never otherwise (a confidential one is read page by page, each
 * read logged).
 */
export async function openPdf(source: Uint8Array | PDFDataRangeTransport): Promise<PDFDocumentProxy> {
  const m = await pdfjs();
  const worker = await warmUp();
  const options = {
    ...(source instanceof Uint8Array ? { data: source } : { range: source, rangeChunkSize: RANGE_CHUNK_BYTES, disableAutoFetch: true }),
    worker,
    isEvalSupported: false,
    enableXfa: false,
    // Not an option of getDocument (it belongs to pdf.js's own viewer, which is not used
    // here); kept so that a search for it finds the decision: no document script ever runs.
    enableScripting: false,
    stopAtErrors: false,
    // The browser's own image decoder for JPEG (a scanned page is one): pdf.js 5.5 leaves
    // it off in Chromium for bugs fixed since, and turns it on there from pdf.js PR #20961
    // (2026); off where the browser has none.
    isImageDecoderSupported: typeof ImageDecoder !== 'undefined',
  };
  return m.getDocument(options).promise;
}

export interface RenderTarget {
  canvas: HTMLCanvasElement;
  /** CSS pixels per PDF point. */
  scale: number;
  watermark: string | null;
}

/**
 * Draws one page into a canvas at the device's pixel density, then the reader's watermark
 * into the same pixels (so a screenshot of the canvas carries it). Resolves false when a
 * newer render cancelled this one.
 */
export async function renderPage(page: PDFPageProxy, target: RenderTarget, onTask?: (task: RenderTask) => void): Promise<boolean> {
  const { canvas, scale, watermark } = target;
  const ratio = Math.min(window.devicePixelRatio || 1, 3);
  const viewport = page.getViewport({ scale: scale * ratio });
  const cssViewport = page.getViewport({ scale });
  // Render off-screen first, so a page being redrawn (zoom) never flashes blank.
  const scratch = document.createElement('canvas');
  scratch.width = Math.floor(viewport.width);
  scratch.height = Math.floor(viewport.height);
  const task = page.render({ canvas: scratch, viewport, annotationMode: 1 /* ENABLE: appearances only, no forms */ });
  onTask?.(task);
  try {
    await task.promise;
  } catch (err) {
    if ((err as Error)?.name === 'RenderingCancelledException') return false;
    throw err;
  }
  if (watermark) drawWatermark(scratch.getContext('2d')!, watermark, scratch.width, scratch.height);
  canvas.width = scratch.width;
  canvas.height = scratch.height;
  canvas.style.width = `${Math.floor(cssViewport.width)}px`;
  canvas.style.height = `${Math.floor(cssViewport.height)}px`;
  canvas.getContext('2d')!.drawImage(scratch, 0, 0);
  scratch.width = scratch.height = 0;
  return true;
}

/** The page's plain text, items joined as read (for search). */
export async function pageText(page: PDFPageProxy): Promise<string> {
  // The stream read with getReader(), not page.getTextContent(): that one iterates the stream
  // with `for await`, and WebKit has no async iterator on ReadableStream (WebKitGTK 2.50:
  // `ReadableStream.prototype[Symbol.asyncIterator]` is undefined), so every page read as
  // empty there and a search found nothing.
  const reader = (page.streamTextContent() as ReadableStream<Awaited<ReturnType<PDFPageProxy['getTextContent']>>>).getReader();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    for (const item of value.items) {
      if (!('str' in item)) continue;
      out += item.str;
      if (item.hasEOL) out += ' ';
    }
  }
}

import type { PDFDocumentProxy, PDFPageProxy, PDFWorker, RenderTask } from 'pdfjs-dist';
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

export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  const m = await pdfjs();
  const worker = await warmUp();
  const options = {
    data,
    worker,
    isEvalSupported: false,
    enableXfa: false,
    // Not an option of getDocument (it belongs to pdf.js's own viewer, which is not used
    // here); kept so that a search for it finds the decision: no document script ever runs.
    enableScripting: false,
    stopAtErrors: false,
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

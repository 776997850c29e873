import { serveOneTask } from '../platform/shared/isolate.js';
import { readPdfFacts, type PdfVerdict } from './pdfFacts.js';

/**
 * The inspection isolate's body (a worker thread with its own heap limit, see inspect.ts):
 * reads one file and posts its verdict. Whatever pdf.js throws later, from a callback after
 * the verdict or a timer, ends this thread only.
 */
// pdf.js in Node runs its parser in-thread and loads that code on the first document; loading
// it here, while the isolate is the idle spare, keeps it off the upload's time.
// @ts-expect-error pdfjs-dist ships no types for its worker module; it is handed over as is.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

serveOneTask<{ path: string; length: number }, PdfVerdict>(
  ({ path, length }) => readPdfFacts(path, length),
  () => ({ ok: false, reason: 'damaged' }),
);

import { open, type FileHandle } from 'node:fs/promises';
import { getDocument, PDFDataRangeTransport, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { VIEWER_RANGE_CHUNK_BYTES } from '../../../contract/fileHeaders.js';
import { OpeningRecorder, type OpeningReads } from './openingReads.js';
import { fileBytes } from './structure/fileBytes.js';
import { readPageReads, type PageReads } from './structure/pageReads.js';

/** What reading a PDF tells us beyond its bytes. */
export interface PdfFacts {
  pages: number;
  /** Where pdf.js found scripts: `OpenAction`, `WillClose`, `page 3: PageOpen`, `form fields`… */
  scriptTriggers: string[];
  /** The chunks pdf.js read to open the file and draw page 1 (null: nothing worth keeping). */
  opening: OpeningReads | null;
  /** What each page reads, by the viewer's chunks (null: the structure did not read in time). */
  pageReads: PageReads | null;
}

/** Why a file could not be taken as a document (mapped to the user's message by inspect.ts). */
export type PdfRefusal = 'encrypted' | 'damaged' | 'no_pages';

export type PdfVerdict = { ok: true; facts: PdfFacts } | { ok: false; reason: PdfRefusal };

/** Page-level automatic actions are looked up on this many pages at most. */
const MAX_PAGES_CHECKED = 10_000;
/** The viewer's chunk size, so the reads recorded for the opening are the viewer's own. */
const RANGE_CHUNK = VIEWER_RANGE_CHUNK_BYTES;
/** Page 1's drawing instructions are read for the record within this long, else left out. */
const FIRST_PAGE_MS = 3_000;
/** Every page's reads are followed within this long, else none are kept (a 400-page scan: ~0.4 s). */
const PAGE_READS_MS = 5_000;

/** Feeds pdf.js the parts of the file it asks for, so a 200 MB upload is never held in memory. */
class FileRangeTransport extends PDFDataRangeTransport {
  failure: unknown = null;
  constructor(private readonly file: FileHandle, length: number, private readonly recorder: OpeningRecorder) {
    super(length, new Uint8Array(0));
  }

  override requestDataRange(begin: number, end: number): void {
    this.recorder.read(begin, end);
    const buf = Buffer.alloc(end - begin);
    this.file.read(buf, 0, buf.length, begin).then(
      ({ bytesRead }) => this.onDataRange(begin, new Uint8Array(buf.buffer, buf.byteOffset, bytesRead)),
      (err: unknown) => { this.failure = err; },
    );
  }
}

/**
 * Parses the PDF at `path` with pdf.js as the viewer would, scripts off, and answers its
 * page count and any scripts, or why it cannot be a document. Runs only inside the
 * inspection isolate (inspectWorker.ts): an untrusted file can make pdf.js loop, allocate or
 * throw from a callback, and that must cost the isolate, never the server.
 */
export async function readPdfFacts(path: string, length: number): Promise<PdfVerdict> {
  const file = await open(path, 'r');
  const recorder = new OpeningRecorder(RANGE_CHUNK);
  const transport = new FileRangeTransport(file, length, recorder);
  const task = getDocument({
    range: transport, length, rangeChunkSize: RANGE_CHUNK, disableAutoFetch: true, disableStream: true,
    isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    if (transport.failure) return { ok: false, reason: 'damaged' };
    if (doc.numPages < 1) return { ok: false, reason: 'no_pages' };
    await readFirstPage(doc);
    recorder.stop();
    const triggers = await scriptTriggers(doc);
    const pageReads = await readPageReads(fileBytes(file, length), RANGE_CHUNK, Date.now() + PAGE_READS_MS).catch(() => null);
    return { ok: true, facts: { pages: doc.numPages, scriptTriggers: triggers, opening: recorder.result(), pageReads: pageReads?.index.length === doc.numPages + 1 ? pageReads : null } };
  } catch (err) {
    // PasswordException: encrypted. InvalidPDFException, FormatError, UnknownErrorException…: unreadable.
    return { ok: false, reason: (err as { name?: string } | null)?.name === 'PasswordException' ? 'encrypted' : 'damaged' };
  } finally {
    await task.destroy().catch(() => {});
    await file.close().catch(() => {});
  }
}

/** Page 1 as the viewer draws it (its drawing instructions and what they use), for the opening's record. */
async function readFirstPage(doc: PDFDocumentProxy): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = doc.getPage(1).then((page) => page.getOperatorList()).then(() => {}, () => {});
  await Promise.race([read, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_PAGE_MS)))]);
  clearTimeout(timer);
}

/** Document-level (catalog, form fields) and page-level JavaScript and automatic actions. */
async function scriptTriggers(doc: PDFDocumentProxy): Promise<string[]> {
  const found = new Set<string>();
  const docActions = (await doc.getJSActions().catch(() => null)) as Record<string, unknown> | null;
  for (const trigger of Object.keys(docActions ?? {})) found.add(trigger);
  if (found.size === 0 && (await doc.hasJSActions().catch(() => false))) found.add('form fields');
  const pages = Math.min(doc.numPages, MAX_PAGES_CHECKED);
  for (let n = 1; n <= pages; n++) {
    const page = await doc.getPage(n).catch(() => null);
    const actions = (await page?.getJSActions().catch(() => null)) as Record<string, unknown> | null;
    for (const trigger of Object.keys(actions ?? {})) found.add(`page ${n}: ${trigger}`);
    page?.cleanup();
  }
  return [...found];
}

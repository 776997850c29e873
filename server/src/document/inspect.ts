import { open, type FileHandle } from 'node:fs/promises';
import { getDocument, PDFDataRangeTransport, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError, errors } from '../errors.js';

/** What reading a PDF tells us beyond its bytes. */
export interface PdfFacts {
  pages: number;
  /** Where pdf.js found scripts: `OpenAction`, `WillClose`, `page 3: PageOpen`, `form fields`… */
  scriptTriggers: string[];
}

/** A file that has not finished parsing by then is refused as damaged (a parser trap). */
const PARSE_TIMEOUT_MS = 60_000;
/** Page-level automatic actions are looked up on this many pages at most. */
const MAX_PAGES_CHECKED = 10_000;
const RANGE_CHUNK = 64 * 1024;

/** Feeds pdf.js the parts of the file it asks for, so a 200 MB upload is never held in memory. */
class FileRangeTransport extends PDFDataRangeTransport {
  failure: unknown = null;
  constructor(private readonly file: FileHandle, length: number) {
    super(length, new Uint8Array(0));
  }

  override requestDataRange(begin: number, end: number): void {
    const buf = Buffer.alloc(end - begin);
    this.file.read(buf, 0, buf.length, begin).then(
      ({ bytesRead }) => this.onDataRange(begin, new Uint8Array(buf.buffer, buf.byteOffset, bytesRead)),
      (err: unknown) => { this.failure = err; },
    );
  }
}

/**
 * Parses the PDF at `path` (its first bytes already checked to be `%PDF-`) with pdf.js as
 * the viewer would, scripts off, and answers its page count and any scripts. Throws the
 * user-facing error for an encrypted, damaged or page-less file.
 */
export async function inspectPdf(path: string, length: number): Promise<PdfFacts> {
  const file = await open(path, 'r');
  const transport = new FileRangeTransport(file, length);
  const task = getDocument({
    range: transport, length, rangeChunkSize: RANGE_CHUNK, disableAutoFetch: true, disableStream: true,
    isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: VerbosityLevel.ERRORS,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(errors.documentDamaged()), PARSE_TIMEOUT_MS); });
    const doc = await Promise.race([task.promise, timeout]).catch((err: unknown) => { throw toUserError(err); });
    if (transport.failure) throw transport.failure;
    if (doc.numPages < 1) throw errors.documentNoPages();
    return { pages: doc.numPages, scriptTriggers: await Promise.race([scriptTriggers(doc), timeout]) };
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => {});
    await file.close();
  }
}

function toUserError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const name = (err as { name?: string } | null)?.name;
  if (name === 'PasswordException') return errors.documentEncrypted();
  // InvalidPDFException, FormatError, UnknownErrorException…: all mean the file cannot be read.
  return errors.documentDamaged();
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

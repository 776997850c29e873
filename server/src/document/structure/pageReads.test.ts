import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocument, PDFDataRangeTransport, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { memoryBytes } from './fileBytes.js';
import { readPageReads, type PageReads } from './pageReads.js';

const CHUNK = 2048;
const later = () => Date.now() + 10_000;

/** A scanner's PDF: one greyscale JPEG per page, classic xref, no object streams (as bench:docs' dossier). */
async function scanned(pages: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-pagereads-'));
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=400x566:r=1,noise=alls=12:allf=t,format=gray', '-frames:v', String(pages), '-q:v', '6', join(dir, 'p-%03d.jpg')]);
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (let i = 1; i <= pages; i++) {
      const image = await doc.embedJpg(new Uint8Array(readFileSync(join(dir, `p-${String(i).padStart(3, '0')}.jpg`))));
      doc.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A text PDF as office software writes one: fonts shared by every page, objects in object streams, an xref stream. */
async function typed(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 40; line++) page.drawText(`Trang ${i}, dong ${line}: nghi quyet ve ke hoach ${i * 7919 + line * 104729}`, { x: 72, y: 780 - line * 18, size: 11, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

const spansOf = (reads: PageReads, n: number) => reads.spans.slice(reads.index[n - 1], reads.index[n]);
const covered = (spans: number[], begin: number, end: number) => {
  for (let i = 0; i + 1 < spans.length; i += 2) if (spans[i]! <= begin && end <= spans[i + 1]!) return true;
  return false;
};

/**
 * pdf.js (the viewer's reader) over the file by ranges at the viewer's chunk size: opens it
 * and draws page 1 (the opening), then answers, for a page, every read it made to draw it.
 */
async function pdfjsReads(bytes: Buffer) {
  // pdf.js in Node parses in this thread with the worker's code (as inspectWorker.ts loads it).
  // @ts-expect-error pdfjs-dist ships no types for its worker module; it is handed over as is.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  let reads: [number, number][] = [];
  class Transport extends PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      reads.push([begin, end]);
      queueMicrotask(() => this.onDataRange(begin, new Uint8Array(bytes.subarray(begin, end))));
    }
  }
  const task = getDocument({ range: new Transport(bytes.length, new Uint8Array(0)), length: bytes.length, rangeChunkSize: CHUNK, disableAutoFetch: true, disableStream: true, isEvalSupported: false, disableFontFace: true, verbosity: VerbosityLevel.ERRORS });
  const doc = await task.promise;
  await (await doc.getPage(1)).getOperatorList();
  return {
    pages: doc.numPages,
    async drawing(n: number): Promise<[number, number][]> {
      reads = [];
      await (await doc.getPage(n)).getOperatorList();
      return reads;
    },
    close: () => task.destroy(),
  };
}

describe('what each page reads, recorded at upload', () => {
  let scan: Buffer;
  let text: Buffer;
  beforeAll(async () => {
    [scan, text] = await Promise.all([scanned(12), typed(120)]);
  });

  it('a scanner\'s PDF: every byte pdf.js reads to draw a page lies in that page\'s record, which is about one page\'s share of the file', async () => {
    const reads = (await readPageReads(memoryBytes(scan), CHUNK, later()))!;
    expect(reads.chunk).toBe(CHUNK);
    expect(reads.index).toHaveLength(13);
    const pdf = await pdfjsReads(scan);
    try {
      for (const n of [7, 2, 12]) {
        const drawn = await pdf.drawing(n);
        expect(drawn.length).toBeGreaterThan(0);
        for (const [b, e] of drawn) expect(covered(spansOf(reads, n), b, e), `page ${n}: read ${b}-${e} outside ${spansOf(reads, n).join(',')}`).toBe(true);
      }
    } finally {
      await pdf.close();
    }
    for (let n = 1; n <= 12; n++) {
      const s = spansOf(reads, n);
      let bytes = 0;
      for (let i = 0; i + 1 < s.length; i += 2) {
        expect(s[i]! % CHUNK).toBe(0);
        expect(s[i + 1]! % CHUNK === 0 || s[i + 1] === scan.length).toBe(true);
        bytes += s[i + 1]! - s[i]!;
      }
      expect(bytes).toBeGreaterThan(scan.length / 12 / 2);
      expect(bytes).toBeLessThan((scan.length / 12) * 1.5);
    }
  }, 60_000);

  it('a PDF with object streams and an xref stream: every read of a page\'s drawing lies in its record, shared fonts included', async () => {
    const reads = (await readPageReads(memoryBytes(text), CHUNK, later()))!;
    expect(reads.index).toHaveLength(121);
    const pdf = await pdfjsReads(text);
    try {
      let checked = 0;
      for (const n of [61, 2, 120, 90]) {
        const drawn = await pdf.drawing(n);
        checked += drawn.length;
        for (const [b, e] of drawn) expect(covered(spansOf(reads, n), b, e), `page ${n}: read ${b}-${e}`).toBe(true);
      }
      // Not vacuous: drawing those pages did read the file (their content streams).
      expect(checked).toBeGreaterThan(2);
    } finally {
      await pdf.close();
    }
  }, 60_000);

  it('a file whose cross-reference does not read has no record, and nothing is thrown', async () => {
    expect(await readPageReads(memoryBytes(scan.subarray(0, scan.length - 2000)), CHUNK, later())).toBeNull();
    expect(await readPageReads(memoryBytes(Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\nstartxref\n999999\n%%EOF\n')), CHUNK, later())).toBeNull();
    expect(await readPageReads(memoryBytes(Buffer.from('%PDF-1.7\nnothing here')), CHUNK, later())).toBeNull();
  });

  it('past its deadline it gives up rather than keep the upload waiting', async () => {
    expect(await readPageReads(memoryBytes(scan), CHUNK, Date.now() - 1)).toBeNull();
  });
});

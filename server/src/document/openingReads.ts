import { mergeSpans, type ByteSpan } from './range.js';

/**
 * Which chunks pdf.js reads to open a file and draw its first page, recorded while the upload
 * is inspected (pdfFacts.ts) at the viewer's chunk size, so the viewer's opening can be sent
 * them all at once (fileRoute.ts): the same pdf.js, the same reads.
 */
export interface OpeningReads {
  /** The chunk size the reads were made at. */
  chunk: number;
  /** [start, end) pairs, ascending, merged where they touch. */
  spans: number[];
}

/** More spans than this and nothing is kept: the opening would be the file read piece by piece. */
const MAX_SPANS = 2_000;

export class OpeningRecorder {
  #reads: ByteSpan[] = [];
  #recording = true;

  constructor(readonly chunk: number) {}

  /** A read pdf.js asked for (while recording). */
  read(begin: number, end: number): void {
    if (this.#recording && end > begin) this.#reads.push({ start: begin, end: end - 1 });
  }

  stop(): void {
    this.#recording = false;
  }

  result(): OpeningReads | null {
    const merged = mergeSpans(this.#reads);
    return merged.length === 0 || merged.length > MAX_SPANS ? null : { chunk: this.chunk, spans: merged.flatMap((r) => [r.start, r.end + 1]) };
  }
}

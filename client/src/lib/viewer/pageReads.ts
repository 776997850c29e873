import type { DocumentPageReads } from '../../../../contract/document.js';
import { api } from '../api.js';

/**
 * Where each page's bytes are (GET /api/documents/:id/pages, recorded at upload), asked for
 * once, after the first page: a page turn then reads all of its page in one request instead
 * of pdf.js's round trip per level (the page, its image's dictionary, the image). Answers
 * nothing until it has come, or when the server has no record (a file whose structure did
 * not read) or it was recorded at another chunk size than the viewer reads in.
 */
export class PageReads {
  #reads: NonNullable<DocumentPageReads> | null = null;
  #asked = false;
  readonly #url: string | null;
  readonly #chunk: number;

  constructor(fileUrl: string, chunk: number) {
    const m = /^(\/api\/documents\/[0-9a-f]{24})\/file$/.exec(fileUrl);
    this.#url = m ? `${m[1]}/pages` : null;
    this.#chunk = chunk;
  }

  /** [start, end) pairs of page n, or null (not known yet, or never). Asks the server the first time. */
  of(n: number): number[] | null {
    if (!this.#asked && this.#url) {
      this.#asked = true;
      void api<DocumentPageReads>('GET', this.#url, undefined, { authCheck: true }).then((r) => {
        if (r.ok && r.data && r.data.chunk === this.#chunk && r.data.index.length > 1) {
          this.#reads = r.data;
          performance.mark('page-reads');
        }
      });
    }
    const reads = this.#reads;
    if (!reads || n < 1 || n >= reads.index.length) return null;
    return reads.spans.slice(reads.index[n - 1], reads.index[n]);
  }
}

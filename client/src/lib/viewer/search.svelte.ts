import { findAll, foldWithMap, type Folded, type Hit } from './fold.js';
import { pageText } from './pdf.js';
import type { OpenDocument } from './viewer.svelte.js';

type PageIndex = Folded & { original: string };

/**
 * Full-text search over a document: each page's text is read once (on the first search)
 * and kept folded, so later searches are immediate. Matches ignore case and Vietnamese
 * diacritics on both sides.
 */
export class DocumentSearch {
  query = $state('');
  hits = $state.raw<Hit[]>([]);
  total = $state(0);
  /** Pages read so far while indexing, for the progress line. */
  indexed = $state(0);
  busy = $state(false);
  searched = $state(false);
  /**
   * Pages the search cannot look into: no text (a scanned page) or text that could not be
   * read. Said beside the results, so "not found" is not taken for "not in the document".
   */
  withoutText = $state(0);
  /** The hit shown last (index into `hits`), for "next/previous". */
  current = $state(-1);
  #index: PageIndex[] | null = null;
  #building: Promise<PageIndex[]> | null = null;
  #seq = 0;
  readonly #viewer: OpenDocument;

  constructor(viewer: OpenDocument) {
    this.#viewer = viewer;
  }

  #build(): Promise<PageIndex[]> {
    this.#building ??= (async () => {
      const count = this.#viewer.pageCount;
      const pages: PageIndex[] = [];
      let withoutText = 0;
      for (let n = 1; n <= count; n++) {
        const original = await pageText(await this.#viewer.getPage(n)).catch(() => '');
        if (!original.trim()) withoutText++;
        pages.push({ ...foldWithMap(original), original });
        this.indexed = n;
      }
      this.withoutText = withoutText;
      this.#index = pages;
      return pages;
    })();
    return this.#building;
  }

  async run(query: string): Promise<void> {
    const seq = ++this.#seq;
    this.query = query;
    if (!query.trim()) {
      this.hits = [];
      this.total = 0;
      this.searched = false;
      return;
    }
    this.busy = true;
    const pages = this.#index ?? (await this.#build());
    if (seq !== this.#seq) return;
    const found = findAll(pages, query);
    this.hits = found.hits;
    this.total = found.total;
    this.current = -1;
    this.busy = false;
    this.searched = true;
  }

  /** Goes to hit `i` (wrapping), and returns it. */
  show(i: number): Hit | undefined {
    if (this.hits.length === 0) return undefined;
    this.current = ((i % this.hits.length) + this.hits.length) % this.hits.length;
    const hit = this.hits[this.current]!;
    this.#viewer.go(hit.page);
    return hit;
  }
}

/**
 * PDF names that mean a file can run code or act by itself when opened or viewed:
 * JavaScript actions (`/S /JavaScript`, `/JS`), additional (automatic) actions (`/AA`)
 * and launching another program (`/Launch`).
 */
const SCRIPT_NAMES = new Set(['JavaScript', 'JS', 'AA', 'Launch']);

/** A PDF name token, `#xx` escapes allowed (`/J#61vaScript` is `/JavaScript`). */
const NAME = /\/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2}){2,24})(?![A-Za-z0-9#])/g;
/** The `stream` keyword that opens stream data (not the end of `endstream`). */
const STREAM_START = /(?<!end)stream(?:\r\n|\n|\r)/g;
/** Long enough to hold a split `endstream` or `stream\r\n`. */
const KEYWORD_TAIL = 9;
/** Longer than any name NAME matches (1 + 24 × 3 characters). */
const NAME_TAIL = 80;

/**
 * Looks for script names in the raw bytes of a PDF as they stream in, outside stream
 * data: compressed or image bytes would otherwise match by chance (a random `/JS` turns up
 * about every 20 MB). Catches scripts in any uncompressed dictionary (pages, annotations,
 * fields); `inspectPdf` asks pdf.js about the catalog and pages, which also covers
 * dictionaries hidden in compressed object streams.
 */
export class ScriptScanner {
  #carry = '';
  #inStream = false;
  /** The script names seen so far, as `/JavaScript`, `/AA`… */
  readonly found = new Set<string>();

  feed(chunk: Buffer): void {
    const text = this.#carry + chunk.toString('latin1');
    let pos = 0;
    while (pos < text.length) {
      if (this.#inStream) {
        const end = text.indexOf('endstream', pos);
        if (end < 0) {
          pos = Math.max(pos, text.length - KEYWORD_TAIL);
          break;
        }
        this.#inStream = false;
        pos = end + 'endstream'.length;
        continue;
      }
      STREAM_START.lastIndex = pos;
      const start = STREAM_START.exec(text);
      if (start) {
        this.#scanNames(text.slice(pos, start.index));
        this.#inStream = true;
        pos = start.index + start[0].length;
        continue;
      }
      const cut = this.#safeCut(text, pos);
      this.#scanNames(text.slice(pos, cut));
      pos = cut;
      break;
    }
    this.#carry = text.slice(pos);
  }

  /** Call after the last chunk. */
  end(): void {
    if (!this.#inStream) this.#scanNames(this.#carry);
    this.#carry = '';
  }

  /** Where scanning may stop without cutting a name or a keyword in two. */
  #safeCut(text: string, pos: number): number {
    const keep = text.length - KEYWORD_TAIL;
    if (keep <= pos) return pos;
    // A name starts with '/' and holds none, so cutting just before a '/' never splits one;
    // a '/' further back than the longest name began a name that has ended by now.
    const slash = text.lastIndexOf('/', keep);
    return slash >= pos && slash > keep - NAME_TAIL ? slash : keep;
  }

  #scanNames(segment: string): void {
    for (const m of segment.matchAll(NAME)) {
      const raw = m[1]!;
      const name = raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
      if (SCRIPT_NAMES.has(name)) this.found.add(`/${name}`);
    }
  }
}

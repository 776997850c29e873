import type { FileBytes } from './fileBytes.js';
import { readObjectAt, type PdfObject } from './objectAt.js';
import { decodeStream, intAt, type ObjNum } from './pdfSyntax.js';
import type { Xref } from './xref.js';

/**
 * The file's objects by number, for following a page's references: each one's dictionary and
 * the bytes it spans (from its offset to the next thing that starts, as the xref tells). An
 * object inside an object stream spans that stream: the viewer reads the whole stream for it.
 */
export class ObjectReader {
  readonly #bytes: FileBytes;
  readonly #xref: Xref;
  readonly #objects = new Map<ObjNum, PdfObject | null>();
  readonly #streams = new Map<ObjNum, Map<ObjNum, string> | null>();

  constructor(bytes: FileBytes, xref: Xref) {
    this.#bytes = bytes;
    this.#xref = xref;
  }

  /** [start, end) of the bytes the viewer needs for this object, or null. */
  extent(num: ObjNum): [number, number] | null {
    const e = this.#xref.entries.get(num);
    if (!e) return null;
    if ('stream' in e) return this.extent(e.stream);
    if (e.offset < 0) return null;
    return [e.offset, this.#next(e.offset)];
  }

  async get(num: ObjNum): Promise<PdfObject | null> {
    if (this.#objects.has(num)) return this.#objects.get(num)!;
    const found = await this.#read(num).catch(() => null);
    this.#objects.set(num, found);
    return found;
  }

  async #read(num: ObjNum): Promise<PdfObject | null> {
    const e = this.#xref.entries.get(num);
    if (!e) return null;
    if ('offset' in e) return e.offset < 0 ? null : readObjectAt(this.#bytes, e.offset, this.#next(e.offset));
    const inside = await this.#objectStream(e.stream);
    const text = inside?.get(num);
    return text === undefined ? null : { dict: text, streamStart: null };
  }

  /** The objects of an object stream, by number, each as its text. */
  async #objectStream(num: ObjNum): Promise<Map<ObjNum, string> | null> {
    if (this.#streams.has(num)) return this.#streams.get(num)!;
    let found: Map<ObjNum, string> | null = null;
    const span = this.extent(num);
    const obj = span ? await this.get(num) : null;
    const n = obj && intAt(obj.dict, 'N');
    const first = obj && intAt(obj.dict, 'First');
    if (span && obj?.streamStart && n && first !== null && first !== undefined) {
      const length = intAt(obj.dict, 'Length');
      const data = decodeStream(obj.dict, await this.#bytes.read(obj.streamStart, length === null ? span[1] : obj.streamStart + length));
      if (data) {
        const head = data.subarray(0, first).toString('latin1').trim().split(/\s+/).map(Number);
        found = new Map();
        for (let i = 0; i < n && 2 * i + 1 < head.length; i++) {
          const from = first + head[2 * i + 1]!;
          const to = 2 * i + 3 < head.length ? first + head[2 * i + 3]! : data.length;
          found.set(head[2 * i]!, data.subarray(from, to).toString('latin1'));
        }
      }
    }
    this.#streams.set(num, found);
    return found;
  }

  /** Where the next object (or xref section, or the file's end) starts after `offset`. */
  #next(offset: number): number {
    const s = this.#xref.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return s[lo]! > offset ? s[lo]! : this.#bytes.length;
  }
}

import type { FileBytes } from './fileBytes.js';
import { readObjectAt } from './objectAt.js';
import { decodeStream, intAt, intsAt, refAt, type ObjNum } from './pdfSyntax.js';

/** Where an object is: at an offset in the file, or the index-th object of an object stream. */
export type XrefEntry = { offset: number } | { stream: ObjNum; index: number };

export interface Xref {
  entries: Map<ObjNum, XrefEntry>;
  root: ObjNum | null;
  /** Offsets where something starts (every object, every xref section), ascending, and the file's length last. */
  starts: number[];
}

/** Sections followed through /Prev (incremental updates) at most. */
const MAX_SECTIONS = 64;
/** Entries read at most (a 10,000-page scan has ~30,000 objects). */
const MAX_ENTRIES = 2_000_000;

/**
 * The file's cross-reference: every section from the last `startxref` back through /Prev,
 * classic tables and xref streams (and a hybrid file's /XRefStm), the newest entry of each
 * object kept. Null when the file has none that reads (pdf.js then rebuilds it; so would we not).
 */
export async function readXref(bytes: FileBytes): Promise<Xref | null> {
  const tail = (await bytes.read(bytes.length - 1024, bytes.length)).toString('latin1');
  const at = /startxref\s+(\d+)/g;
  let start: number | null = null;
  for (const m of tail.matchAll(at)) start = Number(m[1]);
  if (start === null) return null;
  const xref: Xref = { entries: new Map(), root: null, starts: [] };
  const seen = new Set<number>();
  const pending: number[] = [start];
  while (pending.length > 0 && seen.size < MAX_SECTIONS) {
    const offset = pending.shift()!;
    if (seen.has(offset) || offset < 0 || offset >= bytes.length) continue;
    seen.add(offset);
    xref.starts.push(offset);
    const head = (await bytes.read(offset, offset + 16)).toString('latin1');
    const trailer = head.startsWith('xref') ? await classicSection(bytes, offset, xref) : await streamSection(bytes, offset, xref);
    if (trailer === null) return xref.entries.size > 0 ? finish(xref, bytes) : null;
    xref.root ??= refAt(trailer, 'Root');
    const hybrid = intAt(trailer, 'XRefStm');
    if (hybrid !== null) pending.unshift(hybrid);
    const prev = intAt(trailer, 'Prev');
    if (prev !== null) pending.push(prev);
    if (xref.entries.size > MAX_ENTRIES) return null;
  }
  return finish(xref, bytes);
}

function finish(xref: Xref, bytes: FileBytes): Xref {
  for (const e of xref.entries.values()) if ('offset' in e) xref.starts.push(e.offset);
  xref.starts = [...new Set(xref.starts)].filter((s) => s >= 0 && s < bytes.length).sort((a, b) => a - b);
  xref.starts.push(bytes.length);
  return xref;
}

const keep = (xref: Xref, num: ObjNum, entry: XrefEntry) => {
  if (!xref.entries.has(num)) xref.entries.set(num, entry);
};

/** A classic table (`xref`, subsections of 20-byte entries, `trailer << … >>`): answers the trailer's text. */
async function classicSection(bytes: FileBytes, offset: number, xref: Xref): Promise<string | null> {
  let pos = offset + 4;
  for (let guard = 0; guard < 100_000; guard++) {
    const window = (await bytes.read(pos, pos + 64)).toString('latin1');
    const sub = /^\s*(\d+)\s+(\d+)[ \t]*\r?\n?/.exec(window);
    if (!sub) {
      const t = /^\s*trailer\s*/.exec(window);
      if (!t) return null;
      const text = (await bytes.read(pos + t[0].length, pos + t[0].length + 8192)).toString('latin1');
      const end = text.indexOf('startxref');
      return end < 0 ? text : text.slice(0, end);
    }
    const first = Number(sub[1]);
    const count = Number(sub[2]);
    if (count > MAX_ENTRIES) return null;
    pos += sub[0].length;
    const body = (await bytes.read(pos, pos + count * 20 + 64)).toString('latin1');
    const entry = /\s*(\d{10})\s(\d{5})\s([nf])[\r\n ]{0,2}/y;
    for (let i = 0; i < count; i++) {
      const m = entry.exec(body);
      if (!m) return null;
      if (m[3] === 'n') keep(xref, first + i, { offset: Number(m[1]) });
      else keep(xref, first + i, { offset: -1 });
    }
    pos += entry.lastIndex;
  }
  return null;
}

/** An xref stream (`N 0 obj << /Type /XRef /W […] … >> stream …`): answers its dictionary's text. */
async function streamSection(bytes: FileBytes, offset: number, xref: Xref): Promise<string | null> {
  const obj = await readObjectAt(bytes, offset, bytes.length);
  if (!obj || obj.streamStart === null) return null;
  const length = intAt(obj.dict, 'Length');
  if (length === null) return null;
  const data = decodeStream(obj.dict, await bytes.read(obj.streamStart, obj.streamStart + length));
  const w = intsAt(obj.dict, 'W');
  const size = intAt(obj.dict, 'Size');
  if (!data || !w || w.length !== 3 || size === null) return null;
  const index = intsAt(obj.dict, 'Index') ?? [0, size];
  const row = w[0]! + w[1]! + w[2]!;
  const field = (at: number, n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + data[at + i]!;
    return v;
  };
  let at = 0;
  for (let s = 0; s + 1 < index.length; s += 2) {
    for (let i = 0; i < index[s + 1]!; i++, at += row) {
      if (at + row > data.length) return obj.dict;
      const type = w[0] === 0 ? 1 : field(at, w[0]!);
      const a = field(at + w[0]!, w[1]!);
      const b = field(at + w[0]! + w[1]!, w[2]!);
      const num = index[s]! + i;
      if (type === 1) keep(xref, num, { offset: a });
      else if (type === 2) keep(xref, num, { stream: a, index: b });
      else keep(xref, num, { offset: -1 });
    }
  }
  return obj.dict;
}

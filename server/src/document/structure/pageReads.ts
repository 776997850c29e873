import type { FileBytes } from './fileBytes.js';
import { ObjectReader } from './objects.js';
import { refAt, refsAt, refsIn, typeOf, without, type ObjNum } from './pdfSyntax.js';
import { readXref } from './xref.js';

/**
 * What the viewer reads to draw each page, by chunks: page n's [start, end) pairs are
 * `spans[index[n-1] .. index[n]]`. A page with no pairs has no record (the viewer asks as
 * pdf.js asks).
 */
export interface PageReads {
  chunk: number;
  index: number[];
  spans: number[];
}

const MAX_PAGES = 10_000;
/** Objects followed for one page at most; past it, that page has no record. */
const MAX_OBJECTS_PER_PAGE = 2_000;
/** A page needing more than this has no record: it is read as pdf.js asks. */
const MAX_BYTES_PER_PAGE = 64 * 1024 * 1024;

interface Leaf {
  num: ObjNum;
  /** What the page inherits from the page tree above it (its /Resources may be there). */
  inherited: ObjNum[];
}

/**
 * Follows the file's page tree and, for each page, every object it refers to (its contents,
 * resources, images, fonts — never another page, nor back up the tree), as the xref places
 * them: so a page turn can ask for all of it in one request, rather than pdf.js's round trip
 * per level (the page, then its image's dictionary, then the image). Null when the structure
 * does not read (no classic or stream xref, no page tree), or past `deadline` (ms, Date.now).
 */
export async function readPageReads(bytes: FileBytes, chunk: number, deadline: number): Promise<PageReads | null> {
  const xref = await readXref(bytes);
  if (!xref?.root) return null;
  const objects = new ObjectReader(bytes, xref);
  const catalog = await objects.get(xref.root);
  const top = catalog && refAt(catalog.dict, 'Pages');
  if (top === null || top === undefined) return null;
  const leaves = await pageLeaves(objects, top, deadline);
  if (!leaves) return null;
  const refs = new Map<ObjNum, ObjNum[]>();
  const index = [0];
  const spans: number[] = [];
  for (const leaf of leaves) {
    if (Date.now() > deadline) return null;
    const extents = await pageObjects(objects, leaf, refs);
    for (const [s, e] of chunked(extents ?? [], chunk, bytes.length)) spans.push(s, e);
    index.push(spans.length);
  }
  return { chunk, index, spans };
}

/** The pages in order, depth first from the tree's root. */
async function pageLeaves(objects: ObjectReader, top: ObjNum, deadline: number): Promise<Leaf[] | null> {
  const leaves: Leaf[] = [];
  const seen = new Set<ObjNum>();
  const stack: Leaf[] = [{ num: top, inherited: [] }];
  while (stack.length > 0) {
    if (leaves.length > MAX_PAGES || Date.now() > deadline) return null;
    const node = stack.pop()!;
    if (seen.has(node.num)) continue;
    seen.add(node.num);
    const obj = await objects.get(node.num);
    if (!obj) continue;
    const kids = refsAt(obj.dict, 'Kids');
    if (typeOf(obj.dict) === 'Page' || !kids) {
      leaves.push(node);
      continue;
    }
    const inherited = [...node.inherited, ...refsIn(without(without(obj.dict, 'Kids'), 'Parent'))];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ num: kids[i]!, inherited });
  }
  return leaves;
}

/** [start, end) of every object the page draws with, or null when it needs too much. */
async function pageObjects(objects: ObjectReader, leaf: Leaf, refs: Map<ObjNum, ObjNum[]>): Promise<[number, number][] | null> {
  const seen = new Set<ObjNum>();
  const queue = [leaf.num, ...leaf.inherited];
  const extents: [number, number][] = [];
  let total = 0;
  while (queue.length > 0) {
    const num = queue.shift()!;
    if (seen.has(num)) continue;
    seen.add(num);
    if (seen.size > MAX_OBJECTS_PER_PAGE) return null;
    const obj = await objects.get(num);
    if (!obj) continue;
    const type = typeOf(obj.dict);
    if (num !== leaf.num && (type === 'Page' || type === 'Pages' || type === 'Catalog')) continue;
    const extent = objects.extent(num);
    if (extent) {
      extents.push(extent);
      total += extent[1] - extent[0];
      if (total > MAX_BYTES_PER_PAGE) return null;
    }
    let out = refs.get(num);
    if (!out) {
      out = refsIn(without(obj.dict, 'Parent'));
      refs.set(num, out);
    }
    queue.push(...out);
  }
  return extents;
}

/** Extents widened to whole chunks (the viewer's reads are by chunk), ascending, merged. */
function chunked(extents: [number, number][], chunk: number, length: number): [number, number][] {
  const out: [number, number][] = [];
  const sorted = extents.map(([s, e]): [number, number] => [Math.floor(s / chunk) * chunk, Math.min(length, Math.ceil(e / chunk) * chunk)]).sort((a, b) => a[0] - b[0]);
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

import { constants, inflateSync } from 'node:zlib';

/**
 * Just enough of PDF's syntax, over a dictionary's text, to follow a file's structure: the
 * references it holds and a few keys. Regular expressions, not a parser: a value they miss
 * only makes a page's record smaller (the viewer then asks as pdf.js asks, as before).
 */

/** An object number (generations are not told apart: a file's xref gives one per number). */
export type ObjNum = number;

// Each pattern starts only where a number starts ((?<!\d)), so a long run of digits in a hostile
// file costs one pass, not one per position.
const REF = /(?<!\d)(\d+)\s+(\d+)\s+R(?![A-Za-z0-9])/g;
const key = (name: string) => `/${name}(?![A-Za-z0-9#])`;

export function refsIn(text: string): ObjNum[] {
  return [...text.matchAll(REF)].map((m) => Number(m[1]));
}

export function refAt(text: string, name: string): ObjNum | null {
  const m = new RegExp(`${key(name)}\\s*(\\d+)\\s+(\\d+)\\s+R(?![A-Za-z0-9])`).exec(text);
  return m ? Number(m[1]) : null;
}

export function intAt(text: string, name: string): number | null {
  const m = new RegExp(`${key(name)}\\s*(-?\\d+)(?!\\d|\\s+\\d+\\s+R)`).exec(text);
  return m ? Number(m[1]) : null;
}

/** The numbers in a flat array value (`/W [1 2 1]`, `/Index [0 12 40 3]`). */
export function intsAt(text: string, name: string): number[] | null {
  const m = new RegExp(`${key(name)}\\s*\\[([^\\]]*)\\]`).exec(text);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean).map(Number) : null;
}

/** The references in a flat array value (`/Kids [3 0 R 9 0 R]`). */
export function refsAt(text: string, name: string): ObjNum[] | null {
  const m = new RegExp(`${key(name)}\\s*\\[([^\\]]*)\\]`).exec(text);
  return m ? refsIn(m[1]!) : null;
}

export function typeOf(text: string): string | null {
  return new RegExp(`${key('Type')}\\s*/([A-Za-z0-9]+)`).exec(text)?.[1] ?? null;
}

/** The text with one key's value (a reference or a flat array) removed: `/Parent 2 0 R`, `/Kids […]`. */
export function without(text: string, name: string): string {
  return text.replace(new RegExp(`${key(name)}\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R)`, 'g'), '');
}

/** An xref or object stream inflating past this is not followed (a hostile file's bomb throws here). */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

/** A stream's data with its FlateDecode filter and PNG predictor undone (xref and object streams); null for another filter. */
export function decodeStream(dict: string, data: Buffer): Buffer | null {
  const filter = /\/Filter\s*\[?\s*\/([A-Za-z0-9]+)/.exec(dict)?.[1] ?? null;
  if (filter !== null && filter !== 'FlateDecode') return null;
  const raw = filter ? inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_BYTES }) : data;
  const predictor = intAt(dict, 'Predictor') ?? 1;
  if (predictor < 10) return predictor === 1 ? raw : null;
  return unpredictPng(raw, intAt(dict, 'Columns') ?? 1);
}

/** PNG row filters (None, Sub, Up, Average, Paeth), one filter byte before each row, one byte per pixel. */
function unpredictPng(raw: Buffer, columns: number): Buffer {
  const rows = Math.floor(raw.length / (columns + 1));
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = raw[r * (columns + 1)]!;
    for (let c = 0; c < columns; c++) {
      const x = raw[r * (columns + 1) + 1 + c]!;
      const a = c > 0 ? out[r * columns + c - 1]! : 0;
      const b = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const d = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
      const p = a + b - d;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - d) ? a : Math.abs(p - b) <= Math.abs(p - d) ? b : d;
      const add = type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : type === 4 ? paeth : 0;
      out[r * columns + c] = (x + add) & 0xff;
    }
  }
  return out;
}

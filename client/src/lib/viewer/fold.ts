/**
 * Vietnamese-insensitive matching: "nghi quyet" finds "nghị quyết", "Dak Lak" finds
 * "Đắk Lắk". Each character is decomposed (NFD), its combining marks dropped, đ/Đ mapped
 * to d and the result lower-cased; runs of white space become one space.
 */
const MARKS = /\p{M}/gu;

function foldChar(ch: string): string {
  if (/\s/.test(ch)) return ' ';
  return ch.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The folded form of a query or a text. */
export function fold(text: string): string {
  return Array.from(text, foldChar).join('').replace(/ {2,}/g, ' ');
}

/**
 * A folded text with, for each of its characters, the index in the original text it came
 * from: a hit in the folded text maps back to the original for a snippet.
 */
export interface Folded {
  text: string;
  origin: number[];
}

export function foldWithMap(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of original) {
    const f = foldChar(ch);
    for (const c of f) {
      // Collapse white space runs as `fold` does, so both agree.
      if (c === ' ' && text.endsWith(' ')) continue;
      text += c;
      origin.push(index);
    }
    index += ch.length;
  }
  return { text, origin };
}

export interface Hit {
  page: number;
  /** The original words around the match, and the match itself. */
  before: string;
  match: string;
  after: string;
}

const CONTEXT = 40;

/** Every occurrence of `query` in the pages' texts (page numbers from 1), at most `limit`. */
export function findAll(pages: readonly (Folded & { original: string })[], query: string, limit = 200): { hits: Hit[]; total: number } {
  const q = fold(query).trim();
  const hits: Hit[] = [];
  let total = 0;
  if (!q) return { hits, total };
  pages.forEach((p, i) => {
    let from = 0;
    for (;;) {
      const at = p.text.indexOf(q, from);
      if (at < 0) break;
      total++;
      if (hits.length < limit) {
        const start = p.origin[at] ?? 0;
        const lastOrigin = p.origin[at + q.length - 1] ?? start;
        // The match ends after the whole original character (with its marks).
        let end = lastOrigin + 1;
        while (end < p.original.length && /\p{M}/u.test(p.original[end]!)) end++;
        hits.push({
          page: i + 1,
          before: trimStart(p.original.slice(Math.max(0, start - CONTEXT), start)),
          match: p.original.slice(start, end),
          after: trimEnd(p.original.slice(end, end + CONTEXT)),
        });
      }
      from = at + q.length;
    }
  });
  return { hits, total };
}

const trimStart = (s: string) => (s.length >= CONTEXT ? '…' + s.replace(/^\S*\s/, '') : s).replace(/\s+/g, ' ');
const trimEnd = (s: string) => (s.length >= CONTEXT ? s.replace(/\s\S*$/, '') + '…' : s).replace(/\s+/g, ' ');

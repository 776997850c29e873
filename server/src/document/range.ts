/** What a request's Range header asks of a file of `size` bytes. */
export type RangeAnswer =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const ONE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header (RFC 9110 §14) for one byte range: `bytes=a-b`, `bytes=a-` and the
 * suffix `bytes=-n`; `end` is inclusive. The whole file is sent (200) when there is no
 * header, when it is malformed or of another unit (the RFC says ignore it), and when it
 * asks for several ranges (allowed by the RFC; pdf.js asks for one at a time).
 * `unsatisfiable` (416) when the range starts past the end or is an empty suffix.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const m = ONE_RANGE.exec(header.replace(/\s+/g, ''));
  if (!m) return { kind: 'full' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Number(last);
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/**
 * Does an `If-None-Match` header match the entity tag (weak comparison, as RFC 9110
 * §13.1.2 asks for this header)? `*` matches any existing file.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

/** `If-Range` keeps the Range only if it names this very version (strong comparison). */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}

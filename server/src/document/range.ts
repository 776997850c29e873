/** One byte range of a file; `end` is inclusive. */
export interface ByteSpan {
  start: number;
  end: number;
}

/** What a request's Range header asks of a file of `size` bytes. */
export type RangeAnswer =
  | { kind: 'full' }
  | ({ kind: 'partial' } & ByteSpan)
  /** Several ranges: one 206 multipart/byteranges answer (the viewer batches a page's small reads). */
  | { kind: 'parts'; parts: ByteSpan[] }
  | { kind: 'unsatisfiable' };

/** More ranges than this in one request, and the whole file is sent (RFC 9110 lets a server ignore Range). */
export const MAX_PARTS = 256;

const ONE_SPEC = /^(\d*)-(\d*)$/;

/** One range spec; null when malformed (the whole header is then ignored), 'none' when past the end. */
function spanOf(spec: string, size: number): ByteSpan | 'none' | null {
  const m = ONE_SPEC.exec(spec);
  if (!m) return null;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'none';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'none';
  const end = last === '' ? size - 1 : Number(last);
  return { start, end: Math.min(end, size - 1) };
}

/**
 * Reads a `Range` header (RFC 9110 §14): `bytes=a-b`, `bytes=a-` and the suffix `bytes=-n`,
 * or several of them separated by commas. The whole file is sent (200) when there is no
 * header, when it is malformed or of another unit (the RFC says ignore it), and when several
 * ranges are not in ascending order without overlap or are more than MAX_PARTS (so a request
 * cannot make the server send the same bytes many times over). Ranges past the end are
 * dropped; `unsatisfiable` (416) when none is left.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const m = /^bytes=(.+)$/.exec(header.replace(/\s+/g, ''));
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',');
  if (specs.length > MAX_PARTS) return { kind: 'full' };
  const parts: ByteSpan[] = [];
  for (const spec of specs) {
    const span = spanOf(spec, size);
    if (span === null) return { kind: 'full' };
    if (span === 'none') continue;
    const prev = parts[parts.length - 1];
    if (prev && span.start <= prev.end) return { kind: 'full' };
    parts.push(span);
  }
  if (parts.length === 0) return { kind: 'unsatisfiable' };
  if (parts.length === 1) return { kind: 'partial', ...parts[0]! };
  return { kind: 'parts', parts };
}

/**
 * The ranges asked for together with the spans recorded for the opening ([start, end) pairs,
 * ascending), ascending and merged where they overlap or touch: one multipart answer.
 */
export function withOpening(parts: readonly ByteSpan[], spans: readonly number[], size: number): ByteSpan[] {
  const all: ByteSpan[] = [...parts];
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const start = spans[i]!;
    const end = Math.min(spans[i + 1]!, size) - 1;
    if (start >= 0 && start <= end) all.push({ start, end });
  }
  return mergeSpans(all);
}

/** Spans ascending, merged where they overlap or touch. */
export function mergeSpans(spans: readonly ByteSpan[]): ByteSpan[] {
  const merged: ByteSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
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

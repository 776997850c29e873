/** Some bytes of the file and where they start. */
export interface Piece {
  start: number;
  bytes: Uint8Array;
}

const CR_LF_CR_LF = [13, 10, 13, 10];
const CONTENT_RANGE = /^content-range:\s*bytes (\d+)-(\d+)\/(\d+)\s*$/im;

function indexOf(hay: Uint8Array, needle: readonly number[], from: number): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The file's size, from the first part's Content-Range of a multipart/byteranges body; null if none. */
export function multipartTotal(body: Uint8Array): number | null {
  const m = CONTENT_RANGE.exec(String.fromCharCode(...body.subarray(0, 512)));
  return m ? Number(m[3]) : null;
}

/** The boundary of a `multipart/byteranges` Content-Type; null for any other type. */
export function boundaryOf(contentType: string | null): string | null {
  const m = /^multipart\/byteranges;\s*boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  return m?.[2] ?? null;
}

/**
 * The parts of a 206 `multipart/byteranges` body (RFC 9110 §14.6), each with where it starts.
 * A part's length is read from its Content-Range, never from a search for the boundary (the
 * bytes of a PDF may hold anything). Throws on a body that is not well formed.
 */
export function splitByteranges(body: Uint8Array, boundary: string, size: number): Piece[] {
  const delimiter = Array.from(`--${boundary}`, (c) => c.charCodeAt(0));
  const pieces: Piece[] = [];
  let pos = 0;
  for (;;) {
    const at = indexOf(body, delimiter, pos);
    if (at < 0) throw new Error('multipart/byteranges: no closing delimiter');
    pos = at + delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return pieces;
    const headEnd = indexOf(body, CR_LF_CR_LF, pos);
    if (headEnd < 0) throw new Error('multipart/byteranges: a part without headers');
    const head = String.fromCharCode(...body.subarray(pos, headEnd));
    const m = CONTENT_RANGE.exec(head);
    if (!m || Number(m[3]) !== size) throw new Error('multipart/byteranges: a part without its Content-Range');
    const start = Number(m[1]);
    const length = Number(m[2]) - start + 1;
    const from = headEnd + CR_LF_CR_LF.length;
    if (from + length > body.length) throw new Error('multipart/byteranges: a part cut short');
    pieces.push({ start, bytes: body.slice(from, from + length) });
    pos = from + length;
  }
}

import { OPENING_CHUNK_HEADER, VIEWER_RANGE_CHUNK_BYTES, WHOLE_BELOW_HEADER } from '../../../../contract/fileHeaders.js';
import { boundaryOf, multipartTotal, splitByteranges, type Piece } from './byteranges.js';
import { FileError, httpError, refusesStorage } from './fileError.js';

/**
 * A version read from the network by byte ranges (the server answers one Range with 206,
 * several with 206 multipart/byteranges; ETag = SHA-256, If-Range). The opening is one request
 * for the first and the last bytes (pdf.js reads the header, then the cross-reference table
 * and the trailer at the end) and, added by the server, every other chunk pdf.js read to open
 * the file and draw page 1 when it was uploaded (OPENING_CHUNK_HEADER): a scanner's PDF opens
 * without a round trip per burst of reads. Every request bypasses the HTTP cache: the offline copy
 * is kept in Cache Storage (docStore.ts), and the HTTP cache's lock on an entry being written
 * would make a page's range wait behind the background download of the same file.
 */
export const HEAD_BYTES = 64 * 1024;
export const TAIL_BYTES = 128 * 1024;

/**
 * A file this small that may be kept comes whole with the opening (the server answers 200 to
 * the head's request, WHOLE_BELOW_HEADER): reading by ranges pays a round trip per burst of
 * pdf.js's reads, and a flat page tree of 500 pages is hundreds of small reads — the 751 kB,
 * 500-page PDF of bench:docs drew its first page in 1.3–1.9 s fetched whole, 2.6–4.2 s by
 * ranges. Asked for with the opening rather than after it, the first page waits for one
 * round trip less (bench:docs, first-page). 2 MB is 0.8 s of a commune's 20 Mbit/s link.
 */
export const WHOLE_FILE_BYTES = 2 * 1024 * 1024;

export type { Piece };

export interface RemoteFile {
  url: string;
  size: number;
  /** The strong ETag (the SHA-256) every later range is asked against with If-Range. */
  etag: string;
  /** The reader's name and the time, for a confidential document (every answer carries it). */
  watermark: string | null;
  /** False when the server said `no-store` (a confidential document): nothing of it is kept. */
  storable: boolean;
  /** The first bytes, [0, head.length); the whole file when it is that small. */
  head: Uint8Array;
  /** Every part of the opening's answer (the head, the tail, the opening's reads), ascending. */
  pieces: Piece[];
}

/** A GET of one byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) of the file. */
export function rangeRequest(url: string, range: string, etag: string | null, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { ...extra, Range: range };
  if (etag) headers['If-Range'] = etag;
  // The options' type named: Node's RequestInit (test/viewer runs this module in Node) has no `cache`.
  const init: RequestInit = { credentials: 'same-origin', cache: 'no-store', headers, signal: signal ?? null } as RequestInit;
  return fetch(url, init);
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * Where a 206 answer's bytes sit in the file; null when it is not a part of the version
 * asked for (another ETag, another size, or no Content-Range).
 */
export function partOf(res: Response, etag: string | null, size: number | null): { start: number; end: number; total: number } | null {
  if (res.status !== 206) return null;
  const m = CONTENT_RANGE.exec(res.headers.get('content-range') ?? '');
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]) + 1, Number(m[3])];
  if (etag && res.headers.get('etag') !== etag) return null;
  if (size !== null && total !== size) return null;
  return { start, end, total };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Opens a version over the network: its first and last bytes and what pdf.js reads to open it (the whole of a small one), and what the answer says of it. */
export async function openRemote(url: string): Promise<RemoteFile> {
  let res: Response;
  try {
    res = await rangeRequest(url, `bytes=0-${HEAD_BYTES - 1},-${TAIL_BYTES}`, null, undefined, {
      [WHOLE_BELOW_HEADER]: String(WHOLE_FILE_BYTES),
      [OPENING_CHUNK_HEADER]: String(VIEWER_RANGE_CHUNK_BYTES),
    });
  } catch {
    throw new FileError('offline');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw httpError(res.status);
  }
  const raw = res.headers.get('x-watermark');
  const about = { url, etag: res.headers.get('etag') ?? '', watermark: raw ? safeDecode(raw) : null, storable: !refusesStorage(res) };
  const body = new Uint8Array(await res.arrayBuffer());
  // 200: the whole file (a small one, head and tail overlapping, or a server or proxy that ignores Range).
  if (res.status !== 206) return { ...about, size: body.byteLength, head: body, pieces: [] };
  const boundary = boundaryOf(res.headers.get('content-type'));
  if (!boundary) {
    // One range (a server that answers the first only): the head; the rest is read as pdf.js asks.
    const part = partOf(res, null, null);
    if (part?.start !== 0) throw new FileError('server');
    return { ...about, size: part.total, head: body, pieces: [] };
  }
  const size = multipartTotal(body);
  let pieces: Piece[];
  try {
    pieces = size === null ? [] : splitByteranges(body, boundary, size);
  } catch {
    pieces = [];
  }
  const head = pieces.find((p) => p.start === 0);
  if (size === null || !head) throw new FileError('server');
  return { ...about, size, head: head.bytes, pieces };
}

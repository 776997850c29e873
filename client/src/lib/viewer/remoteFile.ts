import { FileError, httpError, refusesStorage } from './fileError.js';

/**
 * A version read from the network by byte ranges (the server answers one Range with 206,
 * ETag = SHA-256, If-Range). The opening asks for the first and the last bytes at once: pdf.js
 * reads the header, then the cross-reference table and the trailer at the end, so the first
 * page waits for one round trip less. Every request bypasses the HTTP cache: the offline copy
 * is kept in Cache Storage (docStore.ts), and the HTTP cache's lock on an entry being written
 * would make a page's range wait behind the background download of the same file.
 */
export const HEAD_BYTES = 64 * 1024;
export const TAIL_BYTES = 128 * 1024;

/** Some bytes of the file and where they start. */
export interface Piece {
  start: number;
  bytes: Uint8Array;
}

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
  /** Where the tail starts (TAIL_BYTES from the end). */
  tailStart: number;
  /** The last bytes, asked for with the head; null when that answer failed. */
  tail: Promise<Piece | null>;
}

/** A GET of one byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) of the file. */
export function rangeRequest(url: string, range: string, etag: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Range: range };
  if (etag) headers['If-Range'] = etag;
  return fetch(url, { credentials: 'same-origin', cache: 'no-store', headers, signal: signal ?? null });
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

async function tailOf(answer: Promise<Response>, etag: string, size: number): Promise<Piece | null> {
  const res = await answer;
  const part = partOf(res, etag, size);
  if (!part) {
    await res.body?.cancel();
    return null;
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return bytes.byteLength === part.end - part.start ? { start: part.start, bytes } : null;
}

/** Opens a version over the network: its first and last bytes and what the answer says of it. */
export async function openRemote(url: string): Promise<RemoteFile> {
  const tailAnswer = rangeRequest(url, `bytes=-${TAIL_BYTES}`, null);
  tailAnswer.catch(() => {});
  let res: Response;
  try {
    res = await rangeRequest(url, `bytes=0-${HEAD_BYTES - 1}`, null);
  } catch {
    void tailAnswer.then((r) => r.body?.cancel()).catch(() => {});
    throw new FileError('offline');
  }
  if (!res.ok) {
    await res.body?.cancel();
    void tailAnswer.then((r) => r.body?.cancel()).catch(() => {});
    throw httpError(res.status);
  }
  const etag = res.headers.get('etag') ?? '';
  // 200: the whole file (a server or proxy that ignores Range).
  const part = res.status === 206 ? partOf(res, null, null) : null;
  const head = new Uint8Array(await res.arrayBuffer());
  const size = part?.total ?? head.byteLength;
  if (part?.start !== undefined && part.start !== 0) throw new FileError('server');
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const whole = head.byteLength >= size;
  const tail = whole || !etag ? tailAnswer.then((r) => r.body?.cancel()).then(() => null, () => null) : tailOf(tailAnswer, etag, size).catch(() => null);
  const raw = res.headers.get('x-watermark');
  return { url, size, etag, watermark: raw ? safeDecode(raw) : null, storable: !refusesStorage(res), head, tailStart, tail };
}

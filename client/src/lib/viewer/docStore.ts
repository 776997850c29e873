import type { DocumentView } from '../../../../contract/document.js';

/**
 * The offline copy of the dossier: one Cache Storage entry per document version, keyed by
 * its file URL (which names one immutable version). The service worker serves the same
 * entries to the page when the network is gone. Confidential documents are never stored
 * (the server sends them `no-store` and logs every read).
 *
 * Cache Storage exists only in a secure context (https, or localhost): on a plain-http LAN
 * the dossier is read from the network and nothing is kept.
 */
export const DOC_CACHE = 'hdnd-docs-v1';
/** Stored with each copy: which session it belongs to, so a later sync can remove orphans. */
export const SESSION_HEADER = 'X-Hdnd-Session';

export const canStore = (): boolean => typeof caches !== 'undefined';

/** Why a file could not be had, in terms the screen translates. */
export class FileError extends Error {
  constructor(readonly code: 'offline' | 'forbidden' | 'not_found' | 'server' | 'quota') {
    super(code);
  }
}

const httpError = (status: number) => new FileError(status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 503 ? 'offline' : 'server');

/** A file response, from the offline copy or the network; null when the network failed. */
export type FileAnswer = { res: Response; fromCache: boolean } | null;

/** The offline copy of a file, else the network's answer. */
export async function fileAnswer(fileUrl: string): Promise<FileAnswer> {
  const hit = await cachedResponse(fileUrl).catch(() => undefined);
  if (hit) return { res: hit, fromCache: true };
  try {
    return { res: await fetch(fileUrl, { credentials: 'same-origin' }), fromCache: false };
  } catch {
    return null;
  }
}

export const isConfidential = (doc: Pick<DocumentView, 'access'>) => doc.access === 'confidential';
const refusesStorage = (res: Response) => /no-store/i.test(res.headers.get('cache-control') ?? '');

async function open(): Promise<Cache | null> {
  return canStore() ? caches.open(DOC_CACHE) : null;
}

export async function cachedResponse(fileUrl: string): Promise<Response | undefined> {
  return (await open())?.match(fileUrl);
}

export async function removeCached(fileUrl: string): Promise<boolean> {
  return (await open())?.delete(fileUrl) ?? false;
}

/** The file URLs stored for a session (or every session), read from the stored headers. */
export async function storedFor(sessionId: string | null): Promise<Set<string>> {
  const cache = await open();
  const urls = new Set<string>();
  if (!cache) return urls;
  for (const req of await cache.keys()) {
    if (sessionId === null) {
      urls.add(new URL(req.url).pathname);
      continue;
    }
    const res = await cache.match(req);
    if (res?.headers.get(SESSION_HEADER) === sessionId) urls.add(new URL(req.url).pathname);
  }
  return urls;
}

function storedHeaders(doc: DocumentView): Headers {
  return new Headers({
    'Content-Type': 'application/pdf',
    'Content-Length': String(doc.bytes),
    ETag: `"${doc.sha256}"`,
    [SESSION_HEADER]: doc.sessionId,
  });
}

/**
 * Downloads one version into the offline copy, counting bytes as they arrive (for the
 * progress bar). Answers 'stored', or 'not_stored' when the document may not be kept.
 */
export async function download(doc: DocumentView, onBytes: (received: number) => void, signal?: AbortSignal): Promise<'stored' | 'not_stored'> {
  const cache = await open();
  if (!cache || isConfidential(doc)) return 'not_stored';
  let res: Response;
  try {
    res = await fetch(doc.fileUrl, { credentials: 'same-origin', signal: signal ?? null });
  } catch {
    throw new FileError('offline');
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw httpError(res.status);
  }
  if (refusesStorage(res)) {
    await res.body.cancel();
    return 'not_stored';
  }
  let received = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      onBytes(received);
      controller.enqueue(chunk);
    },
  });
  try {
    await cache.put(doc.fileUrl, new Response(res.body.pipeThrough(counter), { status: 200, headers: storedHeaders(doc) }));
  } catch (err) {
    await cache.delete(doc.fileUrl);
    throw new FileError((err as Error).name === 'QuotaExceededError' ? 'quota' : 'offline');
  }
  if (received !== doc.bytes) {
    // A short or altered body is worse than none: the next sync fetches it again.
    await cache.delete(doc.fileUrl);
    throw new FileError('server');
  }
  return 'stored';
}

export interface LoadedFile {
  data: Uint8Array;
  /** The reader's name and the time, for a confidential document. */
  watermark: string | null;
  fromCache: boolean;
}

/**
 * The bytes of a version for the viewer: the offline copy when there is one, else the
 * network (and then kept for next time, unless the document may not be stored). `started`
 * is an answer already under way (see prefetch.ts).
 */
export async function loadFile(doc: DocumentView, started?: Promise<FileAnswer>): Promise<LoadedFile> {
  let answer = await (started ?? fileAnswer(doc.fileUrl));
  // A confidential document is never read from a copy, whatever the device holds.
  if (answer?.fromCache && isConfidential(doc)) {
    await removeCached(doc.fileUrl);
    answer = await fileAnswer(doc.fileUrl);
  }
  if (!answer) throw new FileError('offline');
  const { res, fromCache } = answer;
  if (!res.ok) {
    await res.body?.cancel();
    throw httpError(res.status);
  }
  const raw = res.headers.get('x-watermark');
  const data = new Uint8Array(await res.arrayBuffer());
  if (!fromCache && !isConfidential(doc) && !refusesStorage(res) && data.byteLength === doc.bytes && canStore()) {
    // A Blob copies the bytes now: pdf.js takes `data` over to its worker.
    const copy = new Response(new Blob([data]), { headers: storedHeaders(doc) });
    void open().then((c) => c?.put(doc.fileUrl, copy)).catch(() => {});
  }
  return { data, watermark: raw ? safeDecode(raw) : null, fromCache };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import type { DocumentView } from '../../../../contract/document.js';
import { FileError } from './fileError.js';
import { FileFeed, NotStorable, takeFeed } from './fileFeed.js';

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

export { FileError } from './fileError.js';

export const isConfidential = (doc: Pick<DocumentView, 'access'>) => doc.access === 'confidential';

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

/** The headers kept with a copy (the file route's own are not: no watermark, no cookie). */
export function storedHeaders(doc: DocumentView): Headers {
  return new Headers({
    'Content-Type': 'application/pdf',
    'Content-Length': String(doc.bytes),
    ETag: `"${doc.sha256}"`,
    [SESSION_HEADER]: doc.sessionId,
  });
}

/** Bytes queued for Cache Storage before the download waits for it to catch up. */
const QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Downloads one version into the offline copy, counting bytes as they arrive (for the
 * progress bar): by ranges, stepping aside while a page is read, and starting from what a
 * viewer of the same version already has (fileFeed.ts). Every part is checked to be of this
 * version (its ETag is the SHA-256 the dossier names, asked with If-Range) and the copy is
 * kept only when it is whole. Answers 'stored', or 'not_stored' when it may not be kept.
 */
export async function download(doc: DocumentView, onBytes: (received: number) => void, signal?: AbortSignal): Promise<'stored' | 'not_stored'> {
  const cache = await open();
  if (!cache || isConfidential(doc)) return 'not_stored';
  const etag = `"${doc.sha256}"`;
  const feed = takeFeed(doc.fileUrl, doc.bytes, etag) ?? new FileFeed(doc.fileUrl, doc.bytes, etag);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let pulled: (() => void) | null = null;
  const wake = () => {
    pulled?.();
    pulled = null;
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: wake,
      cancel: () => (stop.abort(), wake()),
    },
    { highWaterMark: QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );
  const stored = cache.put(doc.fileUrl, new Response(body, { status: 200, headers: storedHeaders(doc) }));
  stored.catch(onAbort);
  let received = 0;
  try {
    await feed.run(async (chunk) => {
      controller.enqueue(chunk);
      received += chunk.byteLength;
      onBytes(received);
      while ((controller.desiredSize ?? 1) <= 0 && !stop.signal.aborted) await new Promise<void>((resolve) => (pulled = resolve));
    }, stop.signal);
    controller.close();
    await stored;
  } catch (err) {
    stop.abort();
    try {
      controller.error(err);
    } catch {
      // Already errored or closed.
    }
    const putError = await stored.then(() => null, (e: unknown) => e as Error);
    await cache.delete(doc.fileUrl);
    if (err instanceof NotStorable) return 'not_stored';
    if (putError?.name === 'QuotaExceededError') throw new FileError('quota');
    throw err instanceof FileError ? err : new FileError('offline');
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (received !== doc.bytes) {
    // A short or altered body is worse than none: the next sync fetches it again.
    await cache.delete(doc.fileUrl);
    throw new FileError('server');
  }
  return 'stored';
}

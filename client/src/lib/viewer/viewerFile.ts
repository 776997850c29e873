import type { PDFDataRangeTransport } from 'pdfjs-dist';
import type { DocumentView } from '../../../../contract/document.js';
import { cachedResponse, canStore, DOC_CACHE, isConfidential, removeCached, storedHeaders } from './docStore.js';
import { FileError, httpError } from './fileError.js';
import { FileFeed, offerFeed } from './fileFeed.js';
import { rangeTransport } from './rangeTransport.js';
import { openRemote, partOf, rangeRequest, type RemoteFile } from './remoteFile.js';

/** The first answer for a file: the offline copy, or the network's opening (remoteFile.ts). */
export type FileAnswer = { copy: Response } | { remote: RemoteFile } | { error: FileError };

/**
 * The offline copy of a file, else its first bytes from the network. The network's opening
 * starts with the look for a copy, not after it: a new browser profile's Cache Storage can
 * take a few hundred ms to open (bench:docs, cold: the file's first request 250–330 ms later in
 * 4 loads of 7). When a copy is found, the opening's two small ranges are left unused.
 */
export async function fileAnswer(fileUrl: string): Promise<FileAnswer> {
  const remote: Promise<FileAnswer> = openRemote(fileUrl).then(
    (r) => ({ remote: r }),
    (err: unknown) => ({ error: err instanceof FileError ? err : new FileError('offline') }),
  );
  const hit = await cachedResponse(fileUrl).catch(() => undefined);
  return hit ? { copy: hit } : remote;
}

export interface LoadedFile {
  /** What pdf.js reads: the whole file, or the network by ranges. */
  source: Uint8Array | PDFDataRangeTransport;
  /** The reader's name and the time, for a confidential document. */
  watermark: string | null;
  fromCache: boolean;
  /**
   * Resolves once every byte is here (at once for the offline copy; when the background
   * download of this version ends, read by ranges); never for a confidential document.
   */
  whole: Promise<void>;
}

const never = new Promise<void>(() => {});

/**
 * Below this size a version that may be kept is fetched whole after its opening (one more
 * request): reading by ranges pays a round trip per burst of pdf.js's reads, and a flat page
 * tree of 500 pages is hundreds of small reads — the 751 kB, 500-page PDF of bench:docs drew
 * its first page in 1.3–1.9 s fetched whole, 2.6–4.2 s by ranges (same machine, same
 * minutes). 2 MB is 0.8 s of a commune's 20 Mbit/s link.
 */
export const WHOLE_FILE_BYTES = 2 * 1024 * 1024;

/** The rest of a small file after its opening, or null (then it is read by ranges). */
async function restOf(remote: RemoteFile): Promise<Uint8Array | null> {
  try {
    const res = await rangeRequest(remote.url, `bytes=${remote.head.byteLength}-`, remote.etag);
    const part = partOf(res, remote.etag, remote.size);
    if (!part || part.start !== remote.head.byteLength || part.end !== remote.size) {
      await res.body?.cancel();
      return null;
    }
    const rest = new Uint8Array(await res.arrayBuffer());
    if (rest.byteLength !== part.end - part.start) return null;
    const whole = new Uint8Array(remote.size);
    whole.set(remote.head, 0);
    whole.set(rest, remote.head.byteLength);
    return whole;
  } catch {
    return null;
  }
}

/**
 * A version for the viewer: the offline copy when there is one, else the network by ranges,
 * so the first page needs the file's header, its cross-reference table and that page's
 * objects only (a small file that may be kept: fetched whole, see WHOLE_FILE_BYTES). A version that may be kept is offered to the dossier's download, which then
 * starts from the bytes already here and lends pdf.js the rest as they come. `started` is an
 * answer already under way (see prefetch.ts).
 */
export async function loadFile(doc: DocumentView, started?: Promise<FileAnswer>): Promise<LoadedFile> {
  let answer = await (started ?? fileAnswer(doc.fileUrl));
  // A confidential document is never read from a copy, whatever the device holds.
  if ('copy' in answer && isConfidential(doc)) {
    await removeCached(doc.fileUrl);
    answer = await fileAnswer(doc.fileUrl);
  }
  if ('error' in answer) throw answer.error;
  if ('copy' in answer) {
    const { copy } = answer;
    if (!copy.ok) throw httpError(copy.status);
    return { source: new Uint8Array(await copy.arrayBuffer()), watermark: null, fromCache: true, whole: Promise.resolve() };
  }
  let { remote } = answer;
  const storable = remote.storable && !isConfidential(doc) && canStore();
  // A confidential document is read by ranges whatever its size: only the pages read leave the server.
  if (remote.head.byteLength < remote.size && remote.size <= WHOLE_FILE_BYTES && remote.storable && !isConfidential(doc)) {
    const whole = await restOf(remote);
    if (whole) remote = { ...remote, head: whole };
  }
  if (remote.head.byteLength >= remote.size) {
    // The whole file came with the first answer (a small one): kept at once when it may be.
    if (storable && remote.size === doc.bytes) {
      const copy = new Response(new Blob([remote.head.slice()]), { headers: storedHeaders(doc) });
      void caches.open(DOC_CACHE).then((c) => c.put(doc.fileUrl, copy)).catch(() => {});
    }
    return { source: remote.head, watermark: remote.watermark, fromCache: false, whole: Promise.resolve() };
  }
  let feed: FileFeed | null = null;
  if (storable && remote.size === doc.bytes && remote.etag === `"${doc.sha256}"`) {
    feed = new FileFeed(doc.fileUrl, remote.size, remote.etag, remote.head);
    offerFeed(feed);
  }
  const transport = await rangeTransport(remote, feed);
  return { source: transport, watermark: remote.watermark, fromCache: false, whole: transport.whole ?? never };
}

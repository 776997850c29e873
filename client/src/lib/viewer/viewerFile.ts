import type { PDFDataRangeTransport } from 'pdfjs-dist';
import type { DocumentView } from '../../../../contract/document.js';
import { cachedResponse, canStore, DOC_CACHE, isConfidential, removeCached, storedHeaders } from './docStore.js';
import { FileError, httpError } from './fileError.js';
import { FileFeed, offerFeed } from './fileFeed.js';
import { rangeTransport } from './rangeTransport.js';
import { openRemote, type RemoteFile } from './remoteFile.js';

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
  /** Page n is about to be drawn: read by ranges, its bytes are asked for at once (rangeTransport.ts). */
  showing?: (n: number, opts?: { ahead: boolean }) => void;
}

const never = new Promise<void>(() => {});

/**
 * A version for the viewer: the offline copy when there is one, else the network by ranges,
 * so the first page needs the file's header, its cross-reference table and that page's
 * objects only (a small file that may be kept comes whole with the opening, see
 * WHOLE_FILE_BYTES in remoteFile.ts). A version that may be kept is offered to the dossier's download, which then
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
  const { remote } = answer;
  const storable = remote.storable && !isConfidential(doc) && canStore();
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
  return { source: transport, watermark: remote.watermark, fromCache: false, whole: transport.whole ?? never, showing: (n, opts) => transport.showing(n, opts) };
}

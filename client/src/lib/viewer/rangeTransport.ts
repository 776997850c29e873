import type { PDFDataRangeTransport } from 'pdfjs-dist';
import type { FileFeed } from './fileFeed.js';
import { pdfjs, RANGE_CHUNK_BYTES } from './pdf.js';
import { PageReads } from './pageReads.js';
import { RangeReader } from './rangeReader.js';
import type { RemoteFile } from './remoteFile.js';

/**
 * The bytes pdf.js asks for, from the network. Our own transport rather than pdf.js's `url`
 * loader: the requests keep `credentials: 'same-origin'` and bypass the HTTP cache, the
 * opening's tail answers pdf.js's first question without a round trip, a burst of small reads
 * goes out as one request (rangeReader.ts), a page's reads put the background downloads aside
 * (traffic.ts), and the download of the same version, when one runs, hands pdf.js its bytes
 * as they come (pdf.js's progressive data), so nothing crosses a commune's link twice.
 */
/**
 * pdf.js's transport, when (it follows a download) that download has brought every byte, and
 * `showing(n)`: page n is about to be drawn, its bytes are asked for in one request (pageReads.ts).
 */
export type RangeTransport = PDFDataRangeTransport & { whole: Promise<void> | null; showing(n: number, opts?: { ahead: boolean }): void };

export async function rangeTransport(remote: RemoteFile, feed: FileFeed | null): Promise<RangeTransport> {
  const m = await pdfjs();
  const closed = new AbortController();

  class Transport extends m.PDFDataRangeTransport {
    #unfollow: (() => void) | null = null;
    whole: Promise<void> | null = null;
    /** pdf.js's bytes from the first: the head, then what the followed download hands it. */
    #streamed = remote.head.byteLength;
    #pages = new PageReads(remote.url, RANGE_CHUNK_BYTES);
    #reader = new RangeReader(remote, closed.signal, (begin, bytes) => {
      if (!closed.signal.aborted) this.onDataRange(begin, bytes);
    }, RANGE_CHUNK_BYTES, () => this.#streamed);

    showing(n: number, opts?: { ahead: boolean }): void {
      const spans = this.#pages.of(n);
      if (spans && !closed.signal.aborted) this.#reader.readPage(spans, opts?.ahead ?? false);
    }

    follow(source: FileFeed): void {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.#unfollow = source.follow({
        // A copy: pdf.js hands the buffer over to its worker, and the download keeps its own.
        chunk: (bytes) => {
          this.#streamed += bytes.byteLength;
          this.onDataProgressiveRead(bytes.slice());
        },
        done: () => {
          this.onDataProgressiveDone();
          resolve();
        },
      });
      if (this.#unfollow) this.whole = promise;
    }

    override requestDataRange(begin: number, end: number): void {
      this.#reader.read(begin, end);
    }

    override abort(): void {
      closed.abort();
      this.#unfollow?.();
      this.#unfollow = null;
    }
  }
  // The head is copied for the same reason: pdf.js takes the buffer over.
  const transport = new Transport(remote.size, remote.head.slice());
  if (feed) transport.follow(feed);
  return transport;
}

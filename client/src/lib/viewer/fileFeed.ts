import { FileError, httpError, refusesStorage } from './fileError.js';
import { partOf, rangeRequest } from './remoteFile.js';
import { onReading, readingQuiet } from './traffic.js';

/** The server said the version may not be kept (no-store): the download stops at once. */
export class NotStorable extends Error {
  constructor() {
    super('not_storable');
  }
}

/** A reader of the bytes after the head, in order (pdf.js's progressive data). */
export interface Follower {
  chunk(bytes: Uint8Array): void;
  done(): void;
}

/** Network failures in a row before the download gives up (the dossier tries again later). */
const RETRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One version's bytes from the first to the last, for the offline copy: a ranged download
 * (`Range: bytes=n-` with If-Range, so every part is of the same version) that steps aside
 * while a page is read (traffic.ts) and goes on from the byte it reached, and that lends its
 * bytes to a viewer reading the same version, so they cross the link once. A viewer's opening
 * (the head it already has) is offered here before the dossier comes to download it.
 */
export class FileFeed {
  readonly url: string;
  readonly size: number;
  readonly etag: string;
  #head: Uint8Array | null;
  #followers = new Set<Follower>();
  #started = false;
  /** Bytes handed to the sink so far. */
  #offset = 0;

  constructor(url: string, size: number, etag: string, head: Uint8Array | null = null) {
    this.url = url;
    this.size = size;
    this.etag = etag;
    this.#head = head;
  }

  /**
   * Follows the bytes after the head as they come. Null once the download has begun: its
   * bytes would not start where the follower's end.
   */
  follow(f: Follower): (() => void) | null {
    if (this.#started) return null;
    this.#followers.add(f);
    return () => this.#followers.delete(f);
  }

  /** Every byte of the version through `sink`, in order; `sink` may wait (backpressure). */
  async run(sink: (bytes: Uint8Array) => void | Promise<void>, signal?: AbortSignal): Promise<void> {
    this.#started = true;
    if (this.#head) {
      this.#offset = this.#head.byteLength;
      await sink(this.#head);
      this.#head = null;
    }
    let failures = 0;
    while (this.#offset < this.size) {
      await readingQuiet(signal);
      if (signal?.aborted) throw new FileError('offline');
      const step = new AbortController();
      const stopListening = onReading(() => step.abort());
      const stop = () => step.abort();
      signal?.addEventListener('abort', stop);
      const before = this.#offset;
      try {
        await this.#part(sink, step.signal);
        if (this.#offset < this.size && !step.signal.aborted) throw new Error('cut short');
        failures = 0;
      } catch (err) {
        if (signal?.aborted) throw new FileError('offline');
        if (err instanceof FileError || err instanceof NotStorable) throw err;
        // Stepped aside for a page: go on from `offset` once reading is quiet. A network
        // failure: wait, then go on from there too.
        if (!step.signal.aborted) {
          if (this.#offset > before) failures = 0;
          if (++failures > RETRIES) throw new FileError('offline');
          await sleep(1000 * 2 ** (failures - 1));
        }
      } finally {
        stopListening();
        signal?.removeEventListener('abort', stop);
      }
    }
    for (const f of this.#followers) f.done();
    this.#followers.clear();
  }

  /** One request from the offset reached to the end, or until it is cut (what came is kept). */
  async #part(sink: (bytes: Uint8Array) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    const offset = this.#offset;
    const res = await rangeRequest(this.url, `bytes=${offset}-`, this.etag, signal);
    if (refusesStorage(res)) {
      await res.body?.cancel();
      throw new NotStorable();
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw httpError(res.status);
    }
    const part = partOf(res, this.etag, this.size);
    if (!part || part.start !== offset || !res.body) {
      // Not the part asked for (another version, or no range support): never mixed in.
      await res.body?.cancel();
      throw new FileError('server');
    }
    // getReader(), not `for await`: WebKitGTK has no async iterator on ReadableStream.
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (this.#offset + value.byteLength > this.size) throw new FileError('server');
        this.#offset += value.byteLength;
        for (const f of this.#followers) f.chunk(value);
        await sink(value);
      }
    } catch (err) {
      // Stepped aside: what arrived before the cut is kept, the caller goes on from there.
      if (signal.aborted && !(err instanceof FileError)) return;
      throw err;
    }
  }
}

const offered = new Map<string, FileFeed>();

/** A viewer's opening, for the download of the same version to start from (and lend it its bytes). */
export function offerFeed(feed: FileFeed): () => void {
  offered.set(feed.url, feed);
  return () => {
    if (offered.get(feed.url) === feed) offered.delete(feed.url);
  };
}

/** The feed a viewer offered for this version, if it fits (same size and ETag), taken once. */
export function takeFeed(url: string, size: number, etag: string): FileFeed | null {
  const feed = offered.get(url);
  offered.delete(url);
  return feed && feed.size === size && feed.etag === etag ? feed : null;
}

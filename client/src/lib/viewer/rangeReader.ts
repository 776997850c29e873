import { boundaryOf, splitByteranges } from './byteranges.js';
import { partOf, rangeRequest, type Piece, type RemoteFile } from './remoteFile.js';
import { startReading } from './traffic.js';

/** Reads asked for within this long of each other go out in one request. */
const BATCH_MS = 3;
/** A read larger than this (a page's image) has a request of its own, so it waits for no other. */
const OWN_REQUEST_BYTES = 64 * 1024;
/** At most this many ranges in one request (the server's limit is 256; the header stays small). */
const MAX_PARTS = 200;
/** Bytes asked for ahead of pdf.js and not yet taken, at most (a scanned page: ~400 kB). */
const HELD_MAX_BYTES = 16 * 1024 * 1024;

interface Want {
  begin: number;
  end: number;
}
/** A page's reads under way (readPage): a read of pdf.js's inside one waits for it. */
interface Flight extends Want {
  landed: Promise<void>;
}
/** The pieces an answer held; 'retry' when asking again may help; 'refused' when it will not. */
type Got = Piece[] | 'retry' | 'refused' | 'not_multi';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * pdf.js's reads of one version from the network. pdf.js asks for what a page needs in a
 * burst of small reads (a scanner's PDF: on opening, the dictionary of every page, spread
 * through the file), and the browser has six connections to the server, one round trip each:
 * so the small reads of a burst go out as one request for several ranges (the server answers
 * `multipart/byteranges`). A read the opening's answer holds (its tail, the chunks pdf.js
 * read to open the file when it was uploaded) is answered at once. Each read marks the page
 * being read (traffic.ts). A failed read is asked again (the link comes back) until the
 * document is closed.
 */
export class RangeReader {
  readonly #remote: RemoteFile;
  readonly #closed: AbortSignal;
  readonly #deliver: (begin: number, bytes: Uint8Array) => void;
  #pending: Want[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** False once the server answered several ranges otherwise than multipart: one range a request. */
  #multi = true;
  readonly #chunk: number;
  readonly #streamed: () => number;
  /** The chunks handed to pdf.js so far, one byte each. */
  readonly #delivered: Uint8Array;
  #flights: Flight[] = [];
  /**
   * A page's bytes asked for ahead (readPage), kept until pdf.js asks for them: pdf.js takes
   * only the ranges it asked for (an answer at another offset throws in its transport), so
   * they are handed over read by read. The oldest go past HELD_MAX_BYTES (pdf.js keeps what
   * it has read; what it never asked for is asked again if it ever does).
   */
  #held: Piece[] = [];
  #heldBytes = 0;

  /**
   * `chunk` is pdf.js's chunk size; `streamed()` how many of the first bytes the download it
   * follows has handed it (0 when none).
   */
  constructor(remote: RemoteFile, closed: AbortSignal, deliver: (begin: number, bytes: Uint8Array) => void, chunk: number, streamed: () => number = () => 0) {
    this.#remote = remote;
    this.#closed = closed;
    this.#chunk = chunk;
    this.#streamed = streamed;
    this.#delivered = new Uint8Array(Math.ceil(remote.size / chunk));
    this.#deliver = (begin, bytes) => {
      this.#delivered.fill(1, Math.floor(begin / chunk), Math.ceil((begin + bytes.byteLength) / chunk));
      deliver(begin, bytes);
    };
  }

  /**
   * Asks for every chunk of a page pdf.js does not hold yet (nor already asked for), in one
   * request, before pdf.js asks for them level by level (`spans`: [start, end) pairs, whole
   * chunks; see pageReads.ts).
   */
  readPage(spans: readonly number[], ahead = false): void {
    const wants: Want[] = [];
    for (let i = 0; i + 1 < spans.length; i += 2) {
      for (let c = Math.floor(spans[i]! / this.#chunk); c * this.#chunk < spans[i + 1]!; c++) {
        if (this.#holds(c) || this.#flights.some((f) => f.begin <= c * this.#chunk && c * this.#chunk < f.end)) continue;
        const begin = c * this.#chunk;
        const end = Math.min(this.#remote.size, begin + this.#chunk);
        const last = wants[wants.length - 1];
        if (last && last.end === begin) last.end = end;
        else wants.push({ begin, end });
      }
    }
    if (wants.length === 0 || wants.length > MAX_PARTS) return;
    // A page asked for ahead does not make the background download step aside (each time it
    // does, what was on the way is lost): only a page the reader waits for does.
    const sent = this.#send(wants, (begin, bytes) => this.#keep(begin, bytes), !ahead);
    const flights = wants.map((w) => ({ ...w, landed: sent }));
    this.#flights.push(...flights);
    void sent.finally(() => (this.#flights = this.#flights.filter((f) => !flights.includes(f))));
  }

  /** Chunk c is here: handed to pdf.js, streamed by the download, in the opening's answer, or kept ahead. */
  #holds(c: number): boolean {
    const begin = c * this.#chunk;
    const end = Math.min(this.#remote.size, begin + this.#chunk);
    return this.#delivered[c] === 1 || end <= this.#streamed() || this.#pieceHolding(begin, end) !== undefined;
  }

  #keep(start: number, bytes: Uint8Array): void {
    this.#held.push({ start, bytes });
    this.#heldBytes += bytes.byteLength;
    while (this.#heldBytes > HELD_MAX_BYTES && this.#held.length > 1) this.#heldBytes -= this.#held.shift()!.bytes.byteLength;
  }

  /** The part of the opening's answer, or the page kept ahead, that holds [begin, end) whole. */
  #pieceHolding(begin: number, end: number): Piece | undefined {
    const holds = (p: Piece) => p.start <= begin && end <= p.start + p.bytes.byteLength;
    return this.#remote.pieces.find(holds) ?? this.#held.find(holds);
  }

  read(begin: number, end: number): void {
    const piece = this.#pieceHolding(begin, end);
    const bytes = piece ? piece.bytes.slice(begin - piece.start, end - piece.start) : null;
    const flight = bytes ? undefined : this.#flights.find((f) => f.begin <= begin && end <= f.end);
    if (bytes) queueMicrotask(() => this.#deliver(begin, bytes));
    // The page's request already asks for these bytes: answered from it once it lands (or,
    // if it failed, asked for again).
    else if (flight) {
      const again = () => {
        if (!this.#closed.aborted) this.read(begin, end);
      };
      void flight.landed.then(again, again);
    }
    else if (end - begin > OWN_REQUEST_BYTES || !this.#multi) void this.#send([{ begin, end }]);
    else {
      this.#pending.push({ begin, end });
      this.#timer ??= setTimeout(() => this.#flush(), BATCH_MS);
    }
  }

  #flush(): void {
    const all = this.#pending.sort((a, b) => a.begin - b.begin);
    this.#pending = [];
    this.#timer = null;
    for (let i = 0; i < all.length; i += MAX_PARTS) void this.#send(all.slice(i, i + MAX_PARTS));
  }

  /** Asks for `wants` until each is answered (or refused), each answer to `sink` (by default, pdf.js). */
  async #send(wants: Want[], sink: (begin: number, bytes: Uint8Array) => void = this.#deliver, urgent = true): Promise<void> {
    const done = urgent ? startReading() : () => {};
    try {
      let left = wants;
      for (let attempt = 0; left.length > 0 && !this.#closed.aborted; attempt++) {
        if (attempt > 0) await sleep(Math.min(500 * 2 ** (attempt - 1), 5000), this.#closed);
        const got = await this.#fetch(left).catch((): Got => 'retry');
        if (got === 'refused' || this.#closed.aborted) return;
        if (got === 'not_multi') {
          this.#multi = false;
          await Promise.all(left.map((w) => this.#send([w], sink, urgent)));
          return;
        }
        if (got === 'retry') continue;
        const byStart = new Map(got.map((p) => [p.start, p.bytes]));
        left = left.filter((w) => {
          const bytes = byStart.get(w.begin);
          if (!bytes || bytes.byteLength !== w.end - w.begin) return true;
          sink(w.begin, bytes);
          return false;
        });
      }
    } finally {
      done();
    }
  }

  async #fetch(wants: Want[]): Promise<Got> {
    const { url, etag, size } = this.#remote;
    const res = await rangeRequest(url, `bytes=${wants.map((w) => `${w.begin}-${w.end - 1}`).join(',')}`, etag, this.#closed);
    if (res.status !== 206) {
      await res.body?.cancel();
      // 200: the whole file (Range ignored, or If-Range named another version).
      if (res.status === 200 && wants.length > 1) return 'not_multi';
      return res.status >= 500 ? 'retry' : 'refused';
    }
    if (res.headers.get('etag') !== etag) {
      await res.body?.cancel();
      return 'refused';
    }
    const boundary = boundaryOf(res.headers.get('content-type'));
    if (boundary) return splitByteranges(new Uint8Array(await res.arrayBuffer()), boundary, size);
    const part = partOf(res, etag, size);
    if (!part) {
      await res.body?.cancel();
      return 'refused';
    }
    return [{ start: part.start, bytes: new Uint8Array(await res.arrayBuffer()) }];
  }
}

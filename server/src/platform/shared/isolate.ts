import { Worker, parentPort } from 'node:worker_threads';

/** The limits an isolate runs under. */
export interface IsolateLimits {
  /** Wall-clock time for one task before its isolate is ended. */
  timeoutMs: number;
  /** Old-generation heap ceiling; over it V8 ends the isolate (ERR_WORKER_OUT_OF_MEMORY). */
  memoryMb: number;
}

/** How an isolate ended when it gave no answer. */
export type IsolateFailure = 'timeout' | 'crashed';

export type IsolateOutcome<T> = { ok: true; value: T } | { ok: false; failure: IsolateFailure; detail: string };

// The server runs TypeScript through tsx; a worker thread does not inherit its loader, so the
// worker's first module registers tsx itself and then imports the TypeScript entry.
const TSX_API = import.meta.resolve('tsx/esm/api');
const READY = 'isolate:ready';

/** A booted worker that has loaded its entry and waits for its one task. */
interface Warm { worker: Worker; memoryMb: number; ready: Promise<boolean> }

/**
 * Untrusted work, one task per worker thread: each task gets a fresh isolate with its own heap
 * limit and a deadline, and the isolate is terminated after its answer — so nothing one
 * file leaves behind (a loop, a timer, a callback that throws later) can touch the next file
 * or the server. A timeout, a crash, an out-of-memory end or an exit without an answer
 * resolve as a failure; they never reject. Booting an isolate (loading TypeScript and the
 * entry's libraries) costs about a second, so the next one is booted ahead, while idle.
 */
export class IsolatePool<I, O> {
  #spare: Warm | null = null;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  /** `entry` must call `serveOneTask` with its task function. */
  constructor(private readonly entry: URL, private readonly concurrency: number) {}

  async run(input: I, limits: IsolateLimits): Promise<IsolateOutcome<O>> {
    if (this.#running >= this.concurrency) await new Promise<void>((r) => this.#waiting.push(r));
    this.#running++;
    try {
      const warm = this.#take(limits.memoryMb);
      this.#spare = this.#boot(limits.memoryMb);
      return await this.#runOn(warm, input, limits);
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  /** Ends the idle isolate (tests, shutdown). */
  close(): void {
    void this.#spare?.worker.terminate();
    this.#spare = null;
  }

  #take(memoryMb: number): Warm {
    const spare = this.#spare;
    this.#spare = null;
    if (spare && spare.memoryMb === memoryMb) return spare;
    if (spare) void spare.worker.terminate();
    return this.#boot(memoryMb);
  }

  #boot(memoryMb: number): Warm {
    const href = JSON.stringify(this.entry.href);
    const worker = new Worker(`import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${href}, ${href}))`, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32 },
    });
    // An idle spare does not keep a stopping process alive.
    worker.unref();
    const ready = new Promise<boolean>((resolve) => {
      worker.once('message', (m) => resolve(m === READY));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    return { worker, memoryMb, ready };
  }

  async #runOn(warm: Warm, input: I, limits: IsolateLimits): Promise<IsolateOutcome<O>> {
    const { worker } = warm;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: IsolateOutcome<O>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(outcome);
      };
      // The deadline covers the boot too: an isolate that cannot start is a failure as well.
      const timer = setTimeout(() => settle({ ok: false, failure: 'timeout', detail: `no answer within ${limits.timeoutMs} ms` }), limits.timeoutMs);
      worker.on('error', (err: Error & { code?: string }) => settle({ ok: false, failure: 'crashed', detail: err.code ?? err.name }));
      worker.on('exit', (code) => settle({ ok: false, failure: 'crashed', detail: `exited with code ${code}` }));
      void warm.ready.then((ok) => {
        if (!ok || settled) return;
        worker.on('message', (value: O) => settle({ ok: true, value }));
        worker.postMessage(input);
      });
    });
  }
}

/**
 * The isolate's side: announces it is loaded, takes its one task, posts the answer. Whatever
 * the task leaves running is ended with the isolate.
 */
export function serveOneTask<I, O>(task: (input: I) => Promise<O>, onError: (err: unknown) => O): void {
  const port = parentPort;
  if (!port) throw new Error('serveOneTask runs inside a worker thread');
  // What the untrusted work prints (a parser's warnings quoting the file) stays in the isolate.
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[level] = () => {};
  port.once('message', (input: I) => {
    task(input).then((out) => port.postMessage(out), (err: unknown) => port.postMessage(onError(err)));
  });
  port.postMessage(READY);
}

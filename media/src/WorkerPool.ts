import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TypedEmitter } from './TypedEmitter.js';
import type { MediaHealth } from './health.js';

export interface WorkerPoolOptions {
  /** Number of workers: one per core in production. */
  size: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logLevel?: types.WorkerLogLevel;
  /** Delay before a dead worker is replaced (ms). */
  respawnDelayMs?: number;
}

export type WorkerPoolEvents = {
  /** A worker died; `index` is its slot. Routers on it must be rebuilt elsewhere. */
  workerdied: [index: number, error: Error];
  /** A slot has a live worker again. */
  workerrespawned: [index: number, worker: types.Worker];
  close: [];
};

/** Splits [min, max] into `n` disjoint port ranges, one per worker (3.8 has no shared port). */
export function splitPortRange(min: number, max: number, n: number): Array<[number, number]> {
  const span = Math.floor((max - min + 1) / n);
  if (span < 2) throw new RangeError(`RTC port range ${min}-${max} is too small for ${n} workers`);
  return Array.from({ length: n }, (_, i) => [min + i * span, i === n - 1 ? max : min + (i + 1) * span - 1]);
}

/**
 * A pool of mediasoup workers, each watched: when one dies it is replaced in the same
 * slot (same port range) and `workerdied` / `workerrespawned` let rooms move.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> implements MediaHealth {
  readonly #opts: Required<WorkerPoolOptions>;
  readonly #slots: Array<types.Worker | null>;
  readonly #ranges: Array<[number, number]>;
  #closed = false;
  #next = 0;

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    await Promise.all(pool.#slots.map((_, i) => pool.#spawn(i)));
    return pool;
  }

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#opts = { logLevel: 'warn', respawnDelayMs: 500, ...options };
    this.#slots = new Array(options.size).fill(null);
    this.#ranges = splitPortRange(options.rtcMinPort, options.rtcMaxPort, options.size);
  }

  get size(): number {
    return this.#slots.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  liveCount(): number {
    return this.#slots.filter((w) => w && !w.closed).length;
  }

  /** Live workers, in slot order. */
  workers(): types.Worker[] {
    return this.#slots.filter((w): w is types.Worker => !!w && !w.closed);
  }

  /** The next live worker, round robin. */
  nextWorker(): types.Worker {
    const live = this.workers();
    if (live.length === 0) throw new Error('no live mediasoup worker');
    const w = live[this.#next % live.length]!;
    this.#next += 1;
    return w;
  }

  async #spawn(index: number): Promise<void> {
    const [rtcMinPort, rtcMaxPort] = this.#ranges[index]!;
    const worker = await mediasoup.createWorker({ logLevel: this.#opts.logLevel, rtcMinPort, rtcMaxPort });
    if (this.#closed) {
      worker.close();
      return;
    }
    this.#slots[index] = worker;
    worker.on('died', (error: Error) => {
      this.#slots[index] = null;
      this.emit('workerdied', index, error);
      if (this.#closed) return;
      setTimeout(() => {
        if (this.#closed) return;
        this.#spawn(index).then(
          () => { const w = this.#slots[index]; if (w) this.emit('workerrespawned', index, w); },
          () => { /* retried on the next death notice or by close(); the pool reports fewer live workers */ },
        );
      }, this.#opts.respawnDelayMs);
    });
  }

  /** Closes every worker; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#slots) w?.close();
    this.#slots.fill(null);
    this.emit('close');
  }
}

import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TypedEmitter } from './TypedEmitter.js';
import type { MediaHealth } from './health.js';

/**
 * Where the workers' WebRTC servers listen: worker i on `port + i`, UDP and TCP (what a
 * firewall rule names); or, with `portRange` (tests, several servers on one machine), on any
 * free port of the range.
 */
export type WorkerListen = {
  /** The local address to bind (0.0.0.0 for every interface). */
  ip: string;
  /** The address browsers reach (public IP, LAN IP or host name); omitted: `ip`. */
  announcedAddress?: string | undefined;
} & ({ port: number } | { portRange: { min: number; max: number } });

export interface WorkerPoolOptions {
  /** Number of workers: one per core in production. */
  size: number;
  listen: WorkerListen;
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

/** The WebRtcServer listen settings of worker `index`: one UDP and one TCP port, `port + index`. */
export function listenInfosFor(listen: WorkerListen, index: number): types.TransportListenInfo[] {
  let where: { port: number } | { portRange: { min: number; max: number } };
  if ('portRange' in listen) {
    where = { portRange: listen.portRange };
  } else {
    where = { port: listen.port + index };
    if (where.port > 65535) throw new RangeError(`RTC port ${where.port} (worker ${index}) is above 65535`);
  }
  const announced = listen.announcedAddress ? { announcedAddress: listen.announcedAddress } : {};
  return (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: listen.ip, ...where, ...announced }));
}

/**
 * A pool of mediasoup workers, each with a WebRtcServer through which all of its WebRTC
 * transports pass (one UDP and one TCP port per worker). Each worker is watched: when one
 * dies it is replaced in the same slot (same port) and `workerdied` / `workerrespawned` let
 * rooms move.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> implements MediaHealth {
  readonly #opts: Required<WorkerPoolOptions>;
  readonly #slots: Array<types.Worker | null>;
  readonly #servers = new WeakMap<types.Worker, types.WebRtcServer>();
  #closed = false;
  #next = 0;

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      await Promise.all(pool.#slots.map((_, i) => pool.#spawn(i)));
    } catch (err) {
      pool.close();
      throw err;
    }
    return pool;
  }

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#opts = { logLevel: 'warn', respawnDelayMs: 500, ...options };
    this.#slots = new Array(options.size).fill(null);
    // Fail before starting anything when the last worker's port would not exist.
    listenInfosFor(options.listen, options.size - 1);
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

  /** The WebRtcServer of a live worker of this pool (its transports are created through it). */
  webRtcServer(worker: types.Worker): types.WebRtcServer {
    const server = this.#servers.get(worker);
    if (!server || server.closed) throw new Error(`mediasoup worker ${worker.pid} has no open WebRTC server`);
    return server;
  }

  async #spawn(index: number): Promise<void> {
    const worker = await mediasoup.createWorker({ logLevel: this.#opts.logLevel });
    const listenInfos = listenInfosFor(this.#opts.listen, index);
    try {
      this.#servers.set(worker, await worker.createWebRtcServer({ listenInfos }));
    } catch (err) {
      worker.close();
      const first = listenInfos[0]!;
      const where = `${first.ip}:${first.port ?? `${first.portRange?.min}-${first.portRange?.max}`}`;
      throw new Error(`media worker ${index} cannot listen on ${where} (UDP and TCP; is the port in use?): ${(err as Error).message}`);
    }
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

import type { types } from 'mediasoup';
import type { WorkerPool } from './WorkerPool.js';
import { InvalidStateError } from './errors.js';
import { MEDIA_CODECS } from './codecs.js';

/** What a receiving peer is expected to consume before it has (hall audio + video). */
export const CONSUMERS_PER_PEER_ESTIMATE = 2;

interface Slot {
  router: types.Router;
  worker: types.Worker;
  consumers: number;
  peers: number;
}

/**
 * A briefing's routers: the primary one, where it starts, and routers on other workers
 * that take new peers once the primary's consumers pass the per-worker budget. A producer
 * is piped (`pipeToRouter`, same producer id) to a router the first time a peer there
 * consumes it.
 */
export class RouterSet {
  readonly #pool: WorkerPool;
  readonly #budget: number;
  readonly #slots = new Map<string, Slot>();
  readonly #pipes = new Map<string, Promise<void>>();
  readonly #onLost: () => void;
  #closed = false;

  static async create(pool: WorkerPool, budget: number, onLost: () => void): Promise<RouterSet> {
    const set = new RouterSet(pool, budget, onLost);
    await set.#add(pool.nextWorker());
    return set;
  }

  private constructor(pool: WorkerPool, budget: number, onLost: () => void) {
    this.#pool = pool;
    this.#budget = budget;
    this.#onLost = onLost;
  }

  get primary(): types.Router {
    const first = this.#slots.values().next().value;
    if (!first) throw new InvalidStateError('no router');
    return first.router;
  }

  routers(): types.Router[] {
    return [...this.#slots.values()].map((s) => s.router);
  }

  /** Worker process ids hosting this briefing (the first is the primary's). */
  workerPids(): number[] {
    return [...this.#slots.values()].map((s) => s.worker.pid);
  }

  /** The WebRtcServer of the worker hosting `router`: the port its transports share. */
  webRtcServerFor(router: types.Router): types.WebRtcServer {
    const s = this.#slots.get(router.id);
    if (!s) throw new InvalidStateError('router not in this briefing');
    return this.#pool.webRtcServer(s.worker);
  }

  /** Consumers created on each router, in order. */
  consumerCounts(): number[] {
    return [...this.#slots.values()].map((s) => s.consumers);
  }

  async #add(worker: types.Worker): Promise<Slot> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const slot: Slot = { router, worker, consumers: 0, peers: 0 };
    this.#slots.set(router.id, slot);
    // A router closes by itself only when its worker dies: the whole briefing is rebuilt.
    router.on('workerclose', () => { if (!this.#closed) this.#onLost(); });
    return slot;
  }

  static #load(s: Slot): number {
    return Math.max(s.consumers, s.peers * CONSUMERS_PER_PEER_ESTIMATE);
  }

  /**
   * The router a new peer goes to: the least loaded one under the budget; when every router
   * is at the budget, a new router on a worker this briefing does not use yet; when every
   * worker is used, the least loaded router (over budget: more workers are needed).
   */
  async place(): Promise<types.Router> {
    if (this.#closed) throw new InvalidStateError('routers closed');
    const slots = [...this.#slots.values()].sort((a, b) => RouterSet.#load(a) - RouterSet.#load(b));
    const best = slots[0]!;
    let chosen = best;
    if (RouterSet.#load(best) + CONSUMERS_PER_PEER_ESTIMATE > this.#budget) {
      const used = new Set(slots.map((s) => s.worker.pid));
      const free = this.#pool.workers().find((w) => !used.has(w.pid));
      if (free) chosen = await this.#add(free);
    }
    chosen.peers += 1;
    return chosen.router;
  }

  /** A peer placed on `router` left. */
  release(router: types.Router): void {
    const s = this.#slots.get(router.id);
    if (s) s.peers = Math.max(0, s.peers - 1);
  }

  /** Counts a consumer against its router's budget until it closes. */
  track(router: types.Router, consumer: types.Consumer): void {
    const s = this.#slots.get(router.id);
    if (!s) return;
    s.consumers += 1;
    consumer.observer.once('close', () => { s.consumers -= 1; });
  }

  /** Makes `producer` (living on `from`) consumable on `to`, piping it once. */
  async bring(producer: types.Producer, from: types.Router, to: types.Router): Promise<void> {
    if (from.id === to.id) return;
    const key = `${producer.id}>${to.id}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      pipe = from.pipeToRouter({ producerId: producer.id, router: to }).then(() => undefined);
      this.#pipes.set(key, pipe);
      producer.observer.once('close', () => this.#pipes.delete(key));
      pipe.catch(() => this.#pipes.delete(key));
    }
    await pipe;
  }

  /** Closes every router; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots.values()) s.router.close();
    this.#slots.clear();
    this.#pipes.clear();
  }
}

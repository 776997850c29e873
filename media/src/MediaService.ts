import { TypedEmitter } from './TypedEmitter.js';
import { WorkerPool, type WorkerPoolOptions } from './WorkerPool.js';
import { Room, type RoomOptions } from './Room.js';
import type { TransportSettings } from './TransportFactory.js';
import type { MediaHealth } from './health.js';
import { InvalidStateError } from './errors.js';

export interface MediaServiceOptions {
  pool: WorkerPoolOptions;
  transport: TransportSettings;
  /** Consumers per router (≈ per worker) before a briefing spreads to another worker. */
  consumerBudget: number;
  silenceTimeoutMs?: number;
  keyFrameRequestDelayMs?: number;
  floorKeyFrameRequestDelayMs?: number;
}

/** Measured by `npm run bench:media` (media/CAPACITY.md): consumers one worker carries under one core. */
export const DEFAULT_CONSUMER_BUDGET = 500;

export type MediaServiceEvents = {
  roomcreated: [room: Room];
  close: [];
};

/**
 * The media service: the worker pool and one Room per briefing (by sitting id). A room is
 * made on first join and closed when its last peer leaves.
 */
export class MediaService extends TypedEmitter<MediaServiceEvents> implements MediaHealth {
  readonly pool: WorkerPool;
  readonly #opts: Required<Omit<MediaServiceOptions, 'pool'>>;
  readonly #rooms = new Map<string, Promise<Room>>();
  #closed = false;

  static async create(options: MediaServiceOptions): Promise<MediaService> {
    return new MediaService(await WorkerPool.create(options.pool), options);
  }

  /** Uses an existing pool (closed with the service). */
  static withPool(pool: WorkerPool, options: Omit<MediaServiceOptions, 'pool'>): MediaService {
    return new MediaService(pool, options);
  }

  private constructor(pool: WorkerPool, options: Omit<MediaServiceOptions, 'pool'>) {
    super();
    this.pool = pool;
    const { transport, consumerBudget, silenceTimeoutMs = 30_000, keyFrameRequestDelayMs = 1000, floorKeyFrameRequestDelayMs = 400 } = options;
    this.#opts = { transport, consumerBudget, silenceTimeoutMs, keyFrameRequestDelayMs, floorKeyFrameRequestDelayMs };
  }

  get size(): number {
    return this.pool.size;
  }

  liveCount(): number {
    return this.pool.liveCount();
  }

  /** The briefing's room, made on first use. */
  room(id: string): Promise<Room> {
    if (this.#closed) return Promise.reject(new InvalidStateError('media service closed'));
    let room = this.#rooms.get(id);
    if (!room) {
      const opts: RoomOptions = { ...this.#opts, id, pool: this.pool };
      room = Room.create(opts);
      this.#rooms.set(id, room);
      room.then((r) => {
        r.on('peerclosed', (_peer, reason) => {
          if (reason !== 'restart' && r.peers().length === 0) r.close();
        });
        r.once('close', () => { if (this.#rooms.get(id) === room) this.#rooms.delete(id); });
        this.emit('roomcreated', r);
      }, () => this.#rooms.delete(id));
    }
    return room;
  }

  /** The briefing's room if it exists (no creation). */
  existing(id: string): Promise<Room> | undefined {
    return this.#rooms.get(id);
  }

  /** Closes every room and the pool; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#rooms.values()) void r.then((room) => room.close(), () => {});
    this.#rooms.clear();
    this.pool.close();
    this.emit('close');
  }
}

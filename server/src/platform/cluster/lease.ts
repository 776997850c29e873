import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

/**
 * Leases in Redis: who owns a key (a sitting, a briefing) and with which fencing token.
 * `SET NX PX` through a script that also draws the next token from a counter that only grows
 * — and never below `minFence`, which the caller reads from the database, so a Redis restart
 * (which forgets the counter) cannot hand out a token an earlier owner already wrote.
 *
 * A holder renews every ttl/3. It counts its lease valid until `sentAt + ttl − margin`, where
 * `sentAt` is when it SENT the acquiring or renewing request: Redis's own expiry is always
 * later, so by the time another process can acquire the key, the old holder has already
 * stopped (see isHeld). A renewal that finds the key gone or someone else's drops it at once.
 */
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then return cur end
local f = redis.call('INCR', KEYS[2])
local m = tonumber(ARGV[3])
if f < m then redis.call('SET', KEYS[2], m); f = m end
local v = ARGV[1] .. '|' .. f
redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
return v`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LeaseOwner { nodeId: string; fence: number }
interface Held { fence: number; value: string; validUntil: number }

export const leaseKey = (key: string) => `hdnd:lease:${key}`;
const fenceKey = (key: string) => `hdnd:fence:${key}`;
const parse = (v: string | null): LeaseOwner | null => {
  if (!v) return null;
  const i = v.lastIndexOf('|');
  return { nodeId: v.slice(0, i), fence: Number(v.slice(i + 1)) };
};

export interface LeaseOptions { ttlMs: number; marginMs: number }

export class Leases {
  readonly #held = new Map<string, Held>();
  readonly #timer: NodeJS.Timeout;
  #lostHandlers: Array<(key: string) => void> = [];

  constructor(private readonly redis: Redis, readonly nodeId: string, readonly opts: LeaseOptions, private readonly log: Logger) {
    this.#timer = setInterval(() => void this.#renewAll(), Math.max(50, Math.floor(opts.ttlMs / 3)));
    this.#timer.unref();
  }

  /** Called when a lease this process held is lost (not renewed in time, or taken). */
  onLost(fn: (key: string) => void): void {
    this.#lostHandlers.push(fn);
  }

  /** This process's fencing token for `key` while its lease is valid here, else null. */
  heldFence(key: string): number | null {
    const h = this.#held.get(key);
    if (!h) return null;
    if (Date.now() < h.validUntil) return h.fence;
    this.#drop(key, 'expired before renewal');
    return null;
  }

  /** The keys this process holds now. */
  heldKeys(): string[] {
    return [...this.#held.keys()].filter((k) => this.heldFence(k) !== null);
  }

  /** Who holds `key` in Redis now (null: nobody). Throws when Redis cannot be reached. */
  async ownerOf(key: string): Promise<LeaseOwner | null> {
    return parse(await this.redis.get(leaseKey(key)));
  }

  /** Takes the lease if nobody holds it; answers who holds it afterwards. */
  async acquire(key: string, minFence: number): Promise<LeaseOwner> {
    const sentAt = Date.now();
    const v = String(await this.redis.eval(ACQUIRE, 2, leaseKey(key), fenceKey(key), this.nodeId, this.opts.ttlMs, minFence));
    const owner = parse(v)!;
    if (owner.nodeId === this.nodeId) this.#held.set(key, { fence: owner.fence, value: v, validUntil: sentAt + this.opts.ttlMs - this.opts.marginMs });
    return owner;
  }

  async release(key: string): Promise<void> {
    const h = this.#held.get(key);
    if (!h) return;
    this.#held.delete(key);
    await this.redis.eval(RELEASE, 1, leaseKey(key), h.value).catch(() => undefined);
  }

  async #renewAll(): Promise<void> {
    for (const [key, h] of [...this.#held]) {
      const sentAt = Date.now();
      try {
        const ok = Number(await this.redis.eval(RENEW, 1, leaseKey(key), h.value, this.opts.ttlMs));
        if (this.#held.get(key) !== h) continue;
        if (ok === 1) h.validUntil = sentAt + this.opts.ttlMs - this.opts.marginMs;
        else this.#drop(key, 'taken or expired in Redis');
      } catch {
        if (Date.now() >= h.validUntil) this.#drop(key, 'Redis unreachable');
      }
    }
  }

  #drop(key: string, why: string): void {
    if (!this.#held.delete(key)) return;
    this.log.warn({ key, why }, 'cluster: lease lost');
    for (const fn of this.#lostHandlers) {
      try { fn(key); } catch (err) { this.log.error({ err, key }, 'cluster: a lease-lost handler failed'); }
    }
  }

  /** Stops renewing and gives every lease back (a clean shutdown: others take over at once). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#held.keys()].map((k) => this.release(k)));
  }
}

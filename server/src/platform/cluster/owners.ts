import type { Logger } from '../log.js';
import type { Leases } from './lease.js';
import { unavailable, type Rpc } from './rpc.js';

/** What the domain does when this process becomes, or stops being, the owner of a key. */
export interface OwnerHooks {
  /** The lowest fencing token a new owner may take: one above the highest written to the database. */
  minFence(key: string): Promise<number>;
  /** This process has just taken `key` over: pick up its state from the database (timers…). */
  taken(key: string, fence: number): Promise<void>;
  /** This process no longer owns `key`: stop what it ran for it. */
  lost(key: string): void;
}

type Local = (payload: unknown, fence: number) => Promise<unknown>;

/**
 * One owner process per key (a sitting): commands that need one place — a poll's close gate,
 * a sitting's serialised commands, its timers — run where the key's lease is held. `run` serves
 * a command here when this process holds the lease (or takes it: nobody held it), else hands it
 * to the owner over Rpc. The owner checks its lease before and after serving: a command is
 * acknowledged only under a lease still valid, so an owner cut off from Redis stops answering
 * before anyone else can take over.
 */
export class Owners {
  readonly #local = new Map<string, { keyOf: (p: unknown) => string; fn: Local }>();
  readonly #taking = new Map<string, Promise<void>>();

  constructor(private readonly leases: Leases, private readonly rpc: Rpc, private readonly hooks: OwnerHooks, private readonly log: Logger, readonly forwardTimeoutMs = 4000) {
    leases.onLost((key) => hooks.lost(key));
  }

  get nodeId(): string {
    return this.leases.nodeId;
  }

  /** Declares a command served by the owner of `keyOf(payload)`. */
  handle<P, R>(method: string, keyOf: (p: P) => string, fn: (p: P, fence: number) => Promise<R>): void {
    const entry = { keyOf: keyOf as (p: unknown) => string, fn: fn as Local };
    this.#local.set(method, entry);
    this.rpc.handle(method, async (p) => {
      const key = entry.keyOf(p);
      // A forwarded command for a key nobody holds is taken over here (the sender found us as owner).
      const fence = this.leases.heldFence(key);
      if (fence === null) throw unavailable();
      return this.#serve(key, entry.fn, p, fence);
    });
  }

  /** The fencing token this process holds for `key`, or null when it is not the owner. */
  fenceOf(key: string): number | null {
    return this.leases.heldFence(key);
  }

  /**
   * The process that owns `key` now: this one when it holds the lease, else the holder in
   * Redis; nobody holding it, this process takes it over. Null when Redis cannot say.
   */
  async ownerNode(key: string): Promise<string | null> {
    if (this.leases.heldFence(key) !== null) return this.nodeId;
    await this.#taking.get(key);
    try {
      return ((await this.leases.ownerOf(key)) ?? (await this.#take(key))).nodeId;
    } catch {
      return null;
    }
  }

  /** A message to another process (no owner involved); answered like a forwarded command. */
  send(node: string, method: string, payload: unknown, timeoutMs = this.forwardTimeoutMs): Promise<unknown> {
    return this.rpc.call(node, method, payload, timeoutMs);
  }

  /** Serves `method` for messages from other processes (see send). */
  listen(method: string, fn: (payload: unknown) => Promise<unknown>): void {
    this.rpc.handle(method, fn);
  }

  async run<R>(method: string, payload: unknown): Promise<R> {
    const entry = this.#local.get(method);
    if (!entry) throw new Error(`cluster: ${method} is not declared`);
    const key = entry.keyOf(payload);
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.#taking.get(key);
      const fence = this.leases.heldFence(key);
      if (fence !== null) return (await this.#serve(key, entry.fn, payload, fence)) as R;
      let owner;
      try {
        owner = (await this.leases.ownerOf(key)) ?? (await this.#take(key));
      } catch {
        throw unavailable();
      }
      if (owner.nodeId === this.nodeId) continue; // taken just now: served locally on the next turn
      return (await this.rpc.call(owner.nodeId, method, payload, this.forwardTimeoutMs)) as R;
    }
    throw unavailable();
  }

  /** Tries to take the lease of `key` (nobody holds it); on success, runs the take-over first. */
  async #take(key: string) {
    const owner = await this.leases.acquire(key, await this.hooks.minFence(key));
    if (owner.nodeId === this.nodeId && !this.#taking.has(key)) {
      // Commands for the key wait for the take-over here: a slow one is worth knowing about.
      const started = Date.now();
      const slow = setTimeout(() => this.log.warn({ key, fence: owner.fence }, 'cluster: a take-over is still running after 5 s; commands for it wait'), 5_000);
      const t = this.hooks.taken(key, owner.fence).then(() => {
        if (Date.now() - started > 5_000) this.log.warn({ key, ms: Date.now() - started }, 'cluster: a slow take-over finished');
      }, (err: unknown) => {
        this.log.error({ err, key }, 'cluster: take-over failed; giving the lease back');
        return this.leases.release(key);
      }).finally(() => { clearTimeout(slow); this.#taking.delete(key); });
      this.#taking.set(key, t);
      await t;
    }
    return owner;
  }

  /** Takes over `key` if nobody holds it (the sweeper: a sitting whose owner died). True when this process owns it afterwards. */
  async adopt(key: string): Promise<boolean> {
    if (this.leases.heldFence(key) !== null) return true;
    if (await this.leases.ownerOf(key)) return false;
    return (await this.#take(key)).nodeId === this.nodeId && this.leases.heldFence(key) !== null;
  }

  async #serve(key: string, fn: Local, payload: unknown, fence: number): Promise<unknown> {
    const out = await fn(payload, fence);
    // Acknowledged only while still the owner: after the lease lapsed another may have taken over.
    if (this.leases.heldFence(key) !== fence) throw unavailable();
    return out;
  }
}

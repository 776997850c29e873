import type { types } from 'mediasoup';
import { Cascade, type CascadeOptions } from './Cascade.js';
import { parseCascadeMessage } from './messages.js';

/**
 * The links of one host: at most one per (local router, remote router) pair, made once
 * even when asked for twice at the same time, and found by link id when a message arrives.
 * The remote router is named by the caller (e.g. `${hostId}/${routerId}`).
 */
export class CascadeLinks {
  readonly #byPair = new Map<string, Promise<Cascade>>();
  readonly #byId = new Map<string, Cascade>();

  /**
   * The link between `router` and `remote`: the existing one, or a new one that announces
   * itself (`link` message). The answering side passes the `linkId` it was told.
   */
  open(router: types.Router, remote: string, opts: CascadeOptions): Promise<Cascade> {
    const key = `${router.id}|${remote}`;
    let link = this.#byPair.get(key);
    if (!link) {
      link = Cascade.create(router, opts).then((c) => {
        this.#byId.set(c.linkId, c);
        c.once('close', () => {
          this.#byId.delete(c.linkId);
          if (this.#byPair.get(key) === link) this.#byPair.delete(key);
        });
        c.announce();
        return c;
      });
      this.#byPair.set(key, link);
      link.catch(() => { if (this.#byPair.get(key) === link) this.#byPair.delete(key); });
    }
    return link;
  }

  get(linkId: string): Cascade | undefined {
    return this.#byId.get(linkId);
  }

  /** Hands a message from another host to its link; false when no open link has its id. */
  async handle(raw: unknown): Promise<boolean> {
    const msg = parseCascadeMessage(raw);
    const link = this.#byId.get(msg.linkId);
    if (!link) return false;
    await link.handle(msg);
    return true;
  }

  /** Closes every link (each tells its other end). */
  close(): void {
    for (const c of [...this.#byId.values()]) c.close();
  }
}

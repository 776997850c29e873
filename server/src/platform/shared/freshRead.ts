/**
 * Shares reads between callers without ever answering one of them with a read that began
 * before it asked: while a read of a key runs, later callers wait for the NEXT read, which
 * starts when the running one ends and serves all of them. So a burst of N callers costs at
 * most two reads, and each caller still sees everything written before it asked (a sitting's
 * hundreds of re-joining screens after a server went away: store.ts).
 */
export class FreshRead<T> {
  readonly #running = new Map<string, Promise<T>>();
  readonly #next = new Map<string, Promise<T>>();

  read(key: string, fn: () => Promise<T>): Promise<T> {
    const queued = this.#next.get(key);
    if (queued) return queued;
    const running = this.#running.get(key);
    if (!running) return this.#start(key, fn);
    const next = running.then(() => undefined, () => undefined).then(() => {
      this.#next.delete(key);
      return this.#start(key, fn);
    });
    this.#next.set(key, next);
    return next;
  }

  #start(key: string, fn: () => Promise<T>): Promise<T> {
    const p = fn().finally(() => { if (this.#running.get(key) === p) this.#running.delete(key); });
    this.#running.set(key, p);
    return p;
  }
}

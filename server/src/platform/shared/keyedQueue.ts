/**
 * Runs tasks one at a time per key, in arrival order (different keys run freely). Commands
 * on one sitting, and appends to one audit chain, are serialised inside a process, so
 * compare-and-swap or duplicate-key retries happen only between processes, not between
 * hundreds of requests arriving in the same second. Idle keys are forgotten.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => { if (this.#tails.get(key) === tail) this.#tails.delete(key); });
    return next;
  }
}

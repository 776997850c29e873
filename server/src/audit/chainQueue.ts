/**
 * Runs tasks for the same key one after another (and tasks for different keys freely).
 * Appends from one process to one chain queue here instead of racing each other through
 * duplicate-key retries: fifty votes recorded at once cost fifty inserts, not a thousand.
 * Writers in other processes are still handled by the unique index and the retry.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(() => {}, () => {});
    this.#tails.set(key, tail);
    // Forget an idle key so the map does not grow with every chain ever written.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}

/**
 * Group commit: writes requested while a batch is being written wait and go together in
 * the next batch, so N concurrent writers cost about one database round trip per batch
 * instead of N (FerretDB commits each write to SQLite on its own: ~5 ms each here, one at a
 * time; an insertMany of 200 documents takes ~20 ms). At low load a write goes alone at once:
 * no timer, no added latency. Each caller gets its own item's result, and only after the
 * batch that holds it has been written.
 */
export class GroupCommit<T, R> {
  #queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  #busy = false;

  constructor(private readonly write: (items: T[]) => Promise<R[]>, private readonly maxBatch = 500) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#busy) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.#busy = false;
    }
  }
}

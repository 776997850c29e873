import type { Model, Types } from 'mongoose';

/** A document the seed inserts: its id is made up front, so records can refer to each other before any write. */
export type SeedDoc = { _id: Types.ObjectId } & Record<string, unknown>;

/**
 * Remembers what the seed wrote, so a seed that fails half-way can be undone.
 * FerretDB has no multi-document transactions; without this a failed first start would
 * leave half a demo that blocks the next attempt on unique codes.
 */
export class SeedLedger {
  readonly #undo: Array<() => Promise<unknown>> = [];

  /** Inserts in one round trip (validated and time-stamped by mongoose) and records the ids. */
  async insert(model: Model<any>, docs: SeedDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const ids = docs.map((d) => d._id);
    this.#undo.push(() => model.deleteMany({ _id: { $in: ids } }));
    await model.insertMany(docs);
  }

  /** Registers how to undo a write that is not a plain insert (a GridFS upload). */
  onRollback(undo: () => Promise<unknown>): void {
    this.#undo.push(undo);
  }

  /** Undoes every recorded write, newest first; keeps going past individual failures. */
  async rollback(): Promise<void> {
    for (const undo of this.#undo.splice(0).reverse()) await undo().catch(() => {});
  }
}

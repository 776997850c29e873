import { errors } from '../platform/errors.js';

/** True for a unique-index violation (E11000), whichever driver wrapper carries it. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> } | null;
  return e?.code === 11000 || (e?.writeErrors ?? []).some((w) => w.code === 11000);
}

/** Runs a write; a unique-index violation becomes `conflict` naming `what`. */
export async function writeOrConflict<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) throw errors.duplicate(what);
    throw err;
  }
}

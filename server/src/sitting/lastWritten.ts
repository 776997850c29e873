/**
 * The state this process last wrote for each sitting, so its next command need not read the
 * whole document again (with 500 delegates' attendance and the resend memory, hundreds of kB
 * through FerretDB, the largest part of a command's time in a cluster).
 *
 * Safe because every write of a sitting is a compare-and-swap on its version (commands here,
 * the secretariat's edits in routes.ts, a new owner's recovery in versionClaim.ts): a stale
 * entry cannot be written over anything, its write matches nothing and the change is computed
 * again from the database. What does not end in a write is not trusted to it: a refusal or a
 * "nothing to change" computed from a remembered state is computed again from a fresh read.
 */
export class LastWritten<D extends { version: number }> {
  readonly #docs = new Map<string, D>();

  constructor(private readonly max = 500) {}

  get(sittingId: string): D | undefined {
    return this.#docs.get(sittingId);
  }

  set(sittingId: string, doc: D): void {
    this.#docs.delete(sittingId);
    // The oldest first out: a process serves a few sittings at a time.
    if (this.#docs.size >= this.max) this.#docs.delete(this.#docs.keys().next().value!);
    this.#docs.set(sittingId, doc);
  }

  drop(sittingId: string): void {
    this.#docs.delete(sittingId);
  }
}

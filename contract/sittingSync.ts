import type { SittingDelta, SittingSnapshot, SittingState } from './sitting.js';

/**
 * A client's mirror of one sitting: start from a snapshot, apply deltas in version order,
 * and fetch the snapshot again on a gap. Used by the browser client, the tests and the
 * benchmark alike, so they all follow the same protocol. No DOM, no Node APIs.
 */
export class SittingMirror {
  #snap: SittingSnapshot | null = null;
  #resyncing: Promise<void> | null = null;
  readonly #fetchSnapshot: () => Promise<SittingSnapshot>;
  readonly #onChange: (state: SittingState, version: number) => void;
  /** Deltas that arrived while a snapshot was being fetched. */
  #pending: SittingDelta[] = [];
  resyncs = 0;

  constructor(fetchSnapshot: () => Promise<SittingSnapshot>, onChange: (state: SittingState, version: number) => void = () => {}) {
    this.#fetchSnapshot = fetchSnapshot;
    this.#onChange = onChange;
  }

  get version(): number {
    return this.#snap?.version ?? -1;
  }

  get state(): SittingState | null {
    return this.#snap?.state ?? null;
  }

  /** Replaces everything with a snapshot (on join, reconnection or a gap). */
  load(snap: SittingSnapshot): void {
    if (this.#snap && snap.version < this.#snap.version) return;
    this.#snap = snap;
    const pending = this.#pending.sort((a, b) => a.version - b.version);
    this.#pending = [];
    let gap = false;
    for (const d of pending) if (this.#applyInOrder(d) === 'gap') gap = true;
    this.#onChange(this.#snap.state, this.#snap.version);
    // A delta still missing between the snapshot and later ones: fetch again.
    if (gap) queueMicrotask(() => void this.resync());
  }

  /** Applies a delta: `applied`, `stale` (already have it) or `gap` (a resync was started). */
  apply(delta: SittingDelta): 'applied' | 'stale' | 'gap' {
    if (this.#resyncing || !this.#snap) {
      this.#pending.push(delta);
      return 'gap';
    }
    const r = this.#applyInOrder(delta);
    if (r === 'applied') this.#onChange(this.#snap.state, this.#snap.version);
    if (r === 'gap') {
      this.#pending.push(delta);
      void this.resync();
    }
    return r;
  }

  #applyInOrder(delta: SittingDelta): 'applied' | 'stale' | 'gap' {
    const snap = this.#snap!;
    if (delta.version <= snap.version) return 'stale';
    if (delta.version !== snap.version + 1) return 'gap';
    this.#snap = { version: delta.version, state: { ...snap.state, ...delta.patch } };
    return 'applied';
  }

  /** Fetches the snapshot again; concurrent calls share one fetch. */
  resync(): Promise<void> {
    this.#resyncing ??= (async () => {
      try {
        this.resyncs += 1;
        const snap = await this.#fetchSnapshot();
        this.#resyncing = null;
        this.load(snap);
      } finally {
        this.#resyncing = null;
      }
    })();
    return this.#resyncing;
  }

  /** A checksum of the state, equal on every client that holds the same version. */
  checksum(): string {
    return this.#snap ? stateChecksum(this.#snap) : '';
  }
}

/** Canonical JSON (sorted keys) of a snapshot, hashed with 64-bit FNV-1a: cheap, sync, portable. */
export function stateChecksum(snap: SittingSnapshot): string {
  const text = canonical(snap);
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

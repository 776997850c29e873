import { weakEtag } from './respond.js';

/** A view as sent: its JSON body and weak ETag (a 304 costs no rebuild). */
export interface Prepared { body: string; etag: string }

/**
 * The portal's views, kept for a moment and shared by concurrent requests: a crowd polling a
 * live sitting every few seconds costs one build per sitting per `ttlMs`, not one per visitor.
 * `clear()` drops everything at once (a sitting turned closed-doors must vanish now, not
 * after the TTL); a failed build is not kept.
 */
export class ViewCache {
  readonly #entries = new Map<string, { at: number; value: Promise<Prepared> }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries = 5000) {}

  get(key: string, build: () => Promise<unknown>): Promise<Prepared> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    const value = build().then((data) => {
      const body = JSON.stringify({ ok: true, data });
      return { body, etag: weakEtag(body) };
    });
    this.#entries.set(key, { at: now, value });
    value.catch(() => { if (this.#entries.get(key)?.value === value) this.#entries.delete(key); });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}

import type { DocumentView } from '../../../../contract/document.js';
import { api, type ApiError } from '../api.js';
import { auth } from '../auth/login.svelte.js';
import { realtime } from '../realtime/socket.svelte.js';
import { canStore, download, FileError, isConfidential, removeCached, storedFor } from './docStore.js';

export type CopyState = 'waiting' | 'downloading' | 'stored' | 'failed' | 'not_stored' | 'no_storage';
export interface Copy {
  state: CopyState;
  received: number;
  error: FileError['code'] | null;
}
/** A version replaced since the tablet kept its copy. */
export interface NewVersion {
  documentId: string;
  title: string;
  version: number;
}

const PARALLEL = 2;
const REFRESH_MS = 60_000;

/**
 * One session's dossier on this tablet: the list of current versions, and a background
 * download of each into the offline copy with its progress. A version replaced by a newer
 * one loses its copy (and the reader is told); the newer one is fetched in its place.
 * One instance per session for the page's lifetime, so downloads go on while a document
 * is read.
 */
export class Dossier {
  readonly sessionId: string;
  /** Current versions (not superseded), in upload order; null until the first answer. */
  docs = $state.raw<DocumentView[] | null>(null);
  copies = $state<Record<string, Copy>>({});
  newVersions = $state<NewVersion[]>([]);
  error = $state<ApiError | null>(null);
  #queue: DocumentView[] = [];
  #running = 0;
  #users = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #refreshing: Promise<void> | null = null;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  /** Documents that are downloaded for offline reading (all but confidential ones). */
  get storable(): DocumentView[] {
    return (this.docs ?? []).filter((d) => !isConfidential(d));
  }

  get overall(): { received: number; total: number; done: number; count: number; complete: boolean } {
    let received = 0;
    let total = 0;
    let done = 0;
    const list = this.storable;
    for (const d of list) {
      const c = this.copies[d.id];
      total += d.bytes;
      received += c?.state === 'stored' ? d.bytes : Math.min(c?.received ?? 0, d.bytes);
      if (c?.state === 'stored') done++;
    }
    return { received, total, done, count: list.length, complete: this.docs !== null && done === list.length };
  }

  /** Starts (or joins) keeping the dossier; call the returned function when the screen goes. */
  start(): () => void {
    this.#users++;
    if (this.#users === 1) {
      void this.refresh();
      this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
      addEventListener('online', this.#onOnline);
      this.#unfollow = this.#follow();
    }
    return () => {
      if (--this.#users > 0) return;
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
      removeEventListener('online', this.#onOnline);
      this.#unfollow?.();
      this.#unfollow = null;
    };
  }

  #onOnline = () => {
    void this.refresh();
  };

  #unfollow: (() => void) | null = null;

  /** Hears of new documents and versions at once (the timer stays as a fallback). */
  #follow(): () => void {
    const s = realtime.socket;
    if (!s) return () => {};
    const payload = { sessionId: this.sessionId };
    const follow = () => s.emit('session:follow', payload, () => {});
    const onChanged = (p: { sessionId: string }) => {
      if (p.sessionId === this.sessionId) void this.refresh();
    };
    s.on('connect', follow);
    s.on('documents:changed', onChanged);
    if (s.connected) follow();
    return () => {
      s.off('connect', follow);
      s.off('documents:changed', onChanged);
      if (s.connected) s.emit('session:unfollow', payload, () => {});
    };
  }

  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    // Every version, so a replaced one is seen with `supersededBy` and its copy dropped.
    const res = await api<DocumentView[]>('GET', `/api/sessions/${this.sessionId}/documents?all=true`);
    if (!res.ok) {
      this.error = res;
      return;
    }
    this.error = null;
    const all = res.data;
    // A withdrawn document (listed for the staff only, marked) is not part of the dossier to read.
    const current = all.filter((d) => !d.supersededBy && !d.withdrawn);
    const stored = await storedFor(this.sessionId).catch(() => new Set<string>());
    const byId = new Map(all.map((d) => [d.id, d]));
    for (const old of all.filter((d) => d.supersededBy && stored.has(d.fileUrl))) {
      await removeCached(old.fileUrl);
      stored.delete(old.fileUrl);
      const latest = latestOf(old, byId);
      if (!this.newVersions.some((n) => n.documentId === latest.id)) this.newVersions.push({ documentId: latest.id, title: latest.title, version: latest.version });
    }
    // Copies of this session the list no longer names (removed, or no longer readable),
    // and of documents that became confidential or were withdrawn since.
    const named = new Set(all.filter((d) => !isConfidential(d) && !d.withdrawn).map((d) => d.fileUrl));
    for (const url of stored) if (!named.has(url)) await removeCached(url);
    this.docs = current;
    for (const d of current) this.#plan(d, stored.has(d.fileUrl));
    this.#pump();
  }

  #plan(doc: DocumentView, isStored: boolean): void {
    const copy = this.copies[doc.id];
    if (isConfidential(doc)) this.copies[doc.id] = { state: 'not_stored', received: 0, error: null };
    else if (!canStore()) this.copies[doc.id] = { state: 'no_storage', received: 0, error: null };
    else if (isStored) this.copies[doc.id] = { state: 'stored', received: doc.bytes, error: null };
    else if (!copy || copy.state === 'failed' || copy.state === 'stored') {
      this.copies[doc.id] = { state: 'waiting', received: 0, error: null };
      if (!this.#queue.some((q) => q.id === doc.id)) this.#queue.push(doc);
    }
  }

  /** Tries a failed download again now. */
  retry(doc: DocumentView): void {
    this.#plan(doc, false);
    this.#pump();
  }

  #pump(): void {
    while (this.#running < PARALLEL && this.#queue.length > 0) {
      const doc = this.#queue.shift()!;
      this.#running++;
      void this.#fetch(doc).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #fetch(doc: DocumentView): Promise<void> {
    const copy = this.copies[doc.id]!;
    copy.state = 'downloading';
    copy.received = 0;
    try {
      const outcome = await download(doc, (n) => {
        copy.received = n;
      });
      copy.state = outcome;
      copy.received = outcome === 'stored' ? doc.bytes : 0;
    } catch (err) {
      copy.state = 'failed';
      copy.error = err instanceof FileError ? err.code : 'server';
    }
  }

  dismissNotice(documentId: string): void {
    this.newVersions = this.newVersions.filter((n) => n.documentId !== documentId);
  }
}

function latestOf(doc: DocumentView, byId: Map<string, DocumentView>): DocumentView {
  let d = doc;
  for (let hops = 0; d.supersededBy && hops < 100; hops++) d = byId.get(d.supersededBy) ?? d;
  return d;
}

const dossiers = new Map<string, Dossier>();

/** The tablet's one copy-keeper for a session (per signed-in user: another user starts afresh). */
export function dossierFor(sessionId: string): Dossier {
  const key = `${auth.me?.id ?? ''}:${sessionId}`;
  let d = dossiers.get(key);
  if (!d) dossiers.set(key, (d = new Dossier(sessionId)));
  return d;
}

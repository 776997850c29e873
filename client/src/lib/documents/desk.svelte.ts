import type { AccessLevel, DocumentEdit, DocumentKind, DocumentView } from '../../../../contract/document.js';
import type { ParticipantView } from '../../../../contract/sitting.js';
import { api, type ApiError, type ApiResult } from '../api.js';
import { errorText, serverText } from '../i18n/index.js';
import { uploadDocument, type RunningUpload } from './xhrUpload.js';

/** What a new document gets unless its row says otherwise. */
export interface DocumentMeta {
  kind: DocumentKind;
  access: AccessLevel;
  allowedUserIds: string[];
  agendaItemId: string | null;
}

export type UploadState = 'ready' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** One file chosen by the secretary, from the moment it is picked until it is stored or refused. */
export interface UploadItem extends DocumentMeta {
  key: number;
  file: File;
  title: string;
  /** Set for a new version: the document it replaces (its metadata is kept by the server). */
  replaces: { id: string; title: string; version: number } | null;
  state: UploadState;
  sent: number;
  /** The server's refusal in the reader's language, or why the upload stopped. */
  error: string | null;
  warnings: string[];
}

const PARALLEL = 2;
let nextKey = 1;

/** "to-trinh_ngan-sach 2025.pdf" → "to trinh ngan sach 2025": a first title the secretary edits. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]{1,5}$/, '').replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return (base || name).slice(0, 300);
}

/**
 * The secretariat's desk for one session's documents: the documents as the staff see them
 * (withdrawn ones included, marked), the files being uploaded with their progress, and the
 * edits and withdrawals. Uploads run two at a time; each can be cancelled.
 */
export class DocumentDesk {
  readonly sessionId: string;
  /** Current versions (withdrawn ones too), in upload order; null until the first answer. */
  docs = $state.raw<DocumentView[] | null>(null);
  error = $state<ApiError | null>(null);
  uploads = $state<UploadItem[]>([]);
  participants = $state.raw<ParticipantView[]>([]);
  defaults = $state<DocumentMeta>({ kind: 'submission', access: 'council', allowedUserIds: [], agendaItemId: null });
  /** Kept out of $state: an XMLHttpRequest must not be proxied. */
  #running = new Map<number, RunningUpload>();
  #seq = 0;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const res = await api<DocumentView[]>('GET', `/api/sessions/${this.sessionId}/documents`);
    if (seq !== this.#seq) return;
    if (res.ok) {
      this.docs = res.data;
      this.error = null;
    } else this.error = res;
  }

  /** The council's delegates and chair, to name the readers of a restricted document. */
  async loadParticipants(councilId: string): Promise<void> {
    const res = await api<ParticipantView[]>('GET', `/api/councils/${councilId}/participants`);
    if (res.ok) this.participants = [...res.data].sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));
  }

  /** Files picked or dropped: each a row, ready to upload with the current defaults. */
  add(files: Iterable<File>): void {
    for (const file of files) {
      this.uploads.push({
        key: nextKey++, file, title: titleFromFileName(file.name), replaces: null, state: 'ready', sent: 0, error: null, warnings: [],
        ...this.defaults, allowedUserIds: [...this.defaults.allowedUserIds],
      });
    }
  }

  /** A file as the next version of `doc`: uploaded at once, it has nothing else to ask. */
  addVersion(doc: DocumentView, file: File): void {
    const item: UploadItem = {
      key: nextKey++, file, title: doc.title, replaces: { id: doc.id, title: doc.title, version: doc.version }, state: 'ready', sent: 0, error: null, warnings: [],
      kind: doc.kind, access: doc.access, allowedUserIds: [...doc.allowedUserIds], agendaItemId: doc.agendaItemId,
    };
    this.uploads.push(item);
    this.start(item.key);
  }

  get ready(): UploadItem[] {
    return this.uploads.filter((u) => u.state === 'ready');
  }

  /** Queues rows for upload (all ready rows without `key`). */
  start(key?: number): void {
    for (const u of this.uploads) {
      if (u.state === 'ready' && (key === undefined || u.key === key) && u.title.trim()) u.state = 'uploading';
    }
    this.#pump();
  }

  #pump(): void {
    const waiting = this.uploads.filter((u) => u.state === 'uploading' && !this.#running.has(u.key));
    for (const u of waiting.slice(0, Math.max(0, PARALLEL - this.#running.size))) this.#send(u.key);
  }

  #item(key: number): UploadItem | undefined {
    return this.uploads.find((u) => u.key === key);
  }

  #send(key: number): void {
    const u = this.#item(key)!;
    const query = u.replaces
      ? { supersedes: u.replaces.id, fileName: u.file.name.slice(0, 200) || undefined }
      : {
          title: u.title.trim(), kind: u.kind, access: u.access, agendaItemId: u.agendaItemId ?? undefined, fileName: u.file.name.slice(0, 200) || undefined,
          allowedUserIds: u.access === 'named' || u.access === 'confidential' ? u.allowedUserIds : undefined,
        };
    const running = uploadDocument(this.sessionId, u.file, query, (sent) => {
      const it = this.#item(key);
      if (it) it.sent = sent;
    });
    this.#running.set(key, running);
    void running.done.then((res) => {
      this.#running.delete(key);
      const it = this.#item(key);
      if (it && it.state === 'uploading') {
        if (res.ok) {
          it.state = 'done';
          it.sent = it.file.size;
          it.warnings = res.data.warnings.map((w) => serverText(w.message) ?? w.message);
          void this.load();
        } else if (res.error !== 'aborted') {
          it.state = 'failed';
          it.error = errorText(res);
        }
      }
      this.#pump();
    });
  }

  /** Stops an upload under way (the server keeps nothing of it), or drops a row not sent yet. */
  cancel(key: number): void {
    const u = this.#item(key);
    if (!u) return;
    if (u.state === 'uploading') {
      u.state = 'cancelled';
      this.#running.get(key)?.abort();
    } else this.remove(key);
  }

  remove(key: number): void {
    if (this.#running.has(key)) return;
    this.uploads = this.uploads.filter((u) => u.key !== key);
  }

  /** Clears the rows that are finished (stored, refused or cancelled). */
  clearFinished(): void {
    this.uploads = this.uploads.filter((u) => u.state === 'ready' || u.state === 'uploading');
  }

  async edit(id: string, change: DocumentEdit): Promise<ApiResult<DocumentView>> {
    const res = await api<DocumentView>('PATCH', `/api/documents/${id}`, change);
    if (res.ok) await this.load();
    return res;
  }

  async withdraw(id: string, reason: string): Promise<ApiResult<DocumentView>> {
    const res = await api<DocumentView>('POST', `/api/documents/${id}/withdraw`, { reason });
    if (res.ok) await this.load();
    return res;
  }
}

import type { NoteInput, NoteView } from '../../../../contract/notes.js';
import { api, type ApiError } from '../api.js';

export type NoteColor = NoteView['color'];
export const NOTE_COLORS: readonly NoteColor[] = ['yellow', 'green', 'blue', 'pink'];

/**
 * The reader's private notes and highlights on one document (stored per delegate on the
 * server, shown to nobody else). Changes need the network; the list is kept as loaded.
 */
export class PrivateNotes {
  readonly documentId: string;
  items = $state<NoteView[] | null>(null);
  error = $state<ApiError | null>(null);
  saving = $state(false);

  constructor(documentId: string) {
    this.documentId = documentId;
  }

  onPage(page: number): NoteView[] {
    return (this.items ?? []).filter((n) => n.page === page);
  }

  /** Pages that hold a note or highlight, with how many. */
  get pages(): Array<{ page: number; count: number }> {
    const counts = new Map<number, number>();
    for (const n of this.items ?? []) counts.set(n.page, (counts.get(n.page) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([page, count]) => ({ page, count }));
  }

  async load(): Promise<void> {
    const res = await api<NoteView[]>('GET', `/api/documents/${this.documentId}/notes`);
    if (res.ok) {
      this.items = res.data;
      this.error = null;
    } else {
      this.error = res;
    }
  }

  async #run<T>(call: () => Promise<{ ok: true; data: T } | ApiError>, apply: (data: T) => void): Promise<boolean> {
    this.saving = true;
    const res = await call();
    this.saving = false;
    if (!res.ok) {
      this.error = res;
      return false;
    }
    this.error = null;
    apply(res.data);
    return true;
  }

  add(input: Pick<NoteInput, 'page' | 'kind'> & Partial<NoteInput>): Promise<boolean> {
    const body: NoteInput = { text: '', rect: null, color: 'yellow', ...input };
    return this.#run(() => api<NoteView>('POST', `/api/documents/${this.documentId}/notes`, body), (note) => {
      this.items = [...(this.items ?? []), note];
    });
  }

  update(id: string, patch: { text?: string; color?: NoteColor }): Promise<boolean> {
    return this.#run(() => api<NoteView>('PATCH', `/api/notes/${id}`, patch), (note) => {
      this.items = (this.items ?? []).map((n) => (n.id === id ? note : n));
    });
  }

  remove(id: string): Promise<boolean> {
    return this.#run(() => api<unknown>('DELETE', `/api/notes/${id}`), () => {
      this.items = (this.items ?? []).filter((n) => n.id !== id);
    });
  }
}

import type { CommentResponseInput, CommentView } from '../../../../contract/notes.js';
import { api, type ApiError } from '../api.js';

/** Every comment of a session, as the secretariat and the chair see it, with responses recorded in place. */
export class SessionComments {
  readonly sessionId: string;
  list = $state<CommentView[] | null>(null);
  error = $state<ApiError | null>(null);
  loading = $state(false);

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  /** The consolidated report's address (a fresh PDF on every request). */
  get reportUrl(): string {
    return `/api/sessions/${this.sessionId}/comments/report.pdf`;
  }

  async load(): Promise<void> {
    this.loading = true;
    const res = await api<CommentView[]>('GET', `/api/sessions/${this.sessionId}/comments`);
    this.loading = false;
    if (res.ok) {
      this.list = res.data;
      this.error = null;
    } else {
      this.error = res;
    }
  }

  /** Records (or replaces) the response to one comment; the error, if refused. */
  async respond(commentId: string, input: CommentResponseInput): Promise<ApiError | null> {
    const res = await api<CommentView>('POST', `/api/comments/${commentId}/response`, input);
    if (!res.ok) return res;
    this.list = (this.list ?? []).map((c) => (c.id === commentId ? res.data : c));
    return null;
  }
}

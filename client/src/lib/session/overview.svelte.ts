import type { SittingView } from '../../../../contract/sitting.js';
import { api, type ApiError, type ApiResult } from '../api.js';
import type { AppSocket } from '../realtime/socket.svelte.js';
import type { SessionSummary } from '../types.js';
import { SessionAgenda } from './agenda.svelte.js';

/**
 * One session's summary, from the user's own list (the sessions they may see): null when the
 * list has no such session.
 */
export async function findSession(sessionId: string): Promise<ApiResult<SessionSummary | null>> {
  const list = await api<SessionSummary[]>('GET', '/api/me/sessions');
  return list.ok ? { ok: true, data: list.data.find((s) => s.id === sessionId) ?? null } : list;
}

/**
 * A session (kỳ họp) as its pages show it: the summary, its sittings and its agenda (fetched
 * again when the server says it changed). The session page and the secretariat's
 * preparation page both hold one.
 */
export class SessionOverview {
  readonly sessionId: string;
  readonly agenda: SessionAgenda;
  /** Undefined until loaded; null when the user's list has no such session. */
  session = $state.raw<SessionSummary | null | undefined>(undefined);
  /** Null until loaded. */
  sittings = $state.raw<SittingView[] | null>(null);
  /** Why the summary or the sittings could not be loaded (the agenda keeps its own). */
  error = $state<ApiError | null>(null);
  #seq = 0;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
    this.agenda = new SessionAgenda(sessionId);
  }

  /** Fetches all three at once (again on a retry; the latest call wins). */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.error = null;
    const [found, sits] = await Promise.all([findSession(this.sessionId), api<SittingView[]>('GET', `/api/sessions/${this.sessionId}/sittings`), this.agenda.load()]);
    if (seq !== this.#seq) return;
    if (found.ok) this.session = found.data;
    if (sits.ok) this.sittings = sits.data;
    this.error = !sits.ok ? sits : !found.ok ? found : null;
  }

  /** A sitting created on this screen. */
  addSitting(sitting: SittingView): void {
    this.sittings = [...(this.sittings ?? []), sitting];
  }

  /** A sitting edited or published on this screen. */
  replaceSitting(sitting: SittingView): void {
    this.sittings = (this.sittings ?? []).map((s) => (s.id === sitting.id ? sitting : s));
  }

  /** The session as the server answered an edit or a cancellation. */
  setSession(session: SessionSummary): void {
    this.session = session;
  }

  /** Follows a socket (inside an effect): the agenda is fetched again when it changes. */
  attach(s: AppSocket): () => void {
    return this.agenda.attach(s);
  }
}

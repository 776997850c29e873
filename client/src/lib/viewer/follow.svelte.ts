import type { PresenterPage } from '../../../../contract/notes.js';
import type { SittingView } from '../../../../contract/sitting.js';
import { api } from '../api.js';
import { sendCommand } from '../realtime/command.js';
import type { AppSocket } from '../realtime/socket.svelte.js';
import { auth } from '../auth/login.svelte.js';
import { rolesIn } from '../roles.js';
import { LiveSitting } from '../sitting/live.svelte.js';

type Paged = PresenterPage & { by: string };

/** Whether this tablet follows the presenter: one choice for every document it opens. */
export const following = $state<{ on: boolean }>({ on: false });

/**
 * "Follow the presenter" for one open document: the session's sitting in progress is
 * joined, and a page the presenter shows (`presenter:paged`) moves a follower's viewer
 * there. The chair, the secretariat and the delegate who has the floor may present.
 */
export class PresenterLink {
  readonly sessionId: string;
  readonly documentId: string;
  sitting = $state.raw<SittingView | null>(null);
  live = $state.raw<LiveSitting | null>(null);
  /** The presenter's page when it is in another document of the session. */
  elsewhere = $state.raw<Paged | null>(null);
  /** The last page this reader presented, or why it failed. */
  presented = $state<{ page: number } | { error: string } | null>(null);
  #go: (page: number) => void;

  constructor(sessionId: string, documentId: string, go: (page: number) => void) {
    this.sessionId = sessionId;
    this.documentId = documentId;
    this.#go = go;
  }

  async findSitting(): Promise<void> {
    const res = await api<SittingView[]>('GET', `/api/sessions/${this.sessionId}/sittings`);
    if (!res.ok) return;
    this.sitting = res.data.find((s) => s.status === 'open') ?? null;
    if (this.sitting) this.live = new LiveSitting(this.sitting.id);
  }

  get canPresent(): boolean {
    const s = this.sitting;
    const me = auth.me?.id;
    if (!s || !me) return false;
    const roles = rolesIn(s.councilId);
    return roles.has('chair') || roles.has('secretariat') || this.live?.state?.speaking?.userId === me;
  }

  /** Follows a socket (inside an effect); returns the clean-up. */
  attach(s: AppSocket): () => void {
    const live = this.live;
    const sittingId = this.sitting?.id;
    if (!live || !sittingId) return () => {};
    // presenter:get is answered only once the socket has joined the sitting, so catch up
    // after each (re)join rather than on connect.
    live.onJoined = () => void this.catchUp(s);
    const detach = live.attach(s);
    const onPaged = (p: Paged) => this.#apply(p);
    s.on('presenter:paged', onPaged);
    return () => {
      s.off('presenter:paged', onPaged);
      live.onJoined = null;
      detach();
    };
  }

  /** The page being presented now, for a reader who starts following. */
  async catchUp(s: AppSocket): Promise<void> {
    const sittingId = this.sitting?.id;
    if (!sittingId || !following.on) return;
    // No answer: the next presenter:paged brings the page anyway.
    const res = await sendCommand(s, 'presenter:get', { sittingId });
    if (res.ok && res.data) this.#apply(res.data);
  }

  #apply(p: Paged): void {
    if (!following.on || p.sittingId !== this.sitting?.id) return;
    if (p.documentId === this.documentId) {
      this.elsewhere = null;
      this.#go(p.page);
    } else {
      this.elsewhere = p;
    }
  }

  async present(s: AppSocket | null, page: number): Promise<boolean> {
    const sittingId = this.sitting?.id;
    if (!s || !sittingId) return false;
    const res = await sendCommand(s, 'presenter:page', { sittingId, documentId: this.documentId, page });
    this.presented = res.ok ? { page } : { error: res.error };
    return res.ok;
  }
}

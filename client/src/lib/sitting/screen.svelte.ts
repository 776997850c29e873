import { untrack } from 'svelte';
import type { FloorRequest } from '../../../../contract/sitting.js';
import { realtime } from '../realtime/socket.svelte.js';
import { auth } from '../auth/login.svelte.js';
import { SessionAgenda, flatten, type AgendaNode } from '../session/agenda.svelte.js';
import { sittingItemIds } from '../../../../contract/sittingAgenda.js';
import { prune } from '../../../../contract/agendaTree.js';
import { LiveSitting } from './live.svelte.js';
import { MemberNames } from './names.svelte.js';

/**
 * Everything a sitting screen follows: the live sitting, its session's agenda and the
 * delegates' names. Construct it while a component initialises: its effects end with it.
 */
export class SittingScreen {
  readonly live: LiveSitting;
  readonly names = new MemberNames();
  agenda = $state.raw<SessionAgenda | null>(null);
  /**
   * The sitting's OWN agenda as a tree: the session's items it takes up (with their sub-items;
   * all of them when it chose none), keeping the session's numbering ("2.1"), an item not
   * taken up replaced by those of its sub-items that are. Getters: read inside the
   * components' own $derived, so they follow the agenda and the sitting's state.
   */
  get tree(): AgendaNode[] {
    const items = this.agenda?.items;
    if (!items) return [];
    return prune(this.agenda!.tree, sittingItemIds(items, this.live.state?.agendaItemIds ?? []));
  }

  /** The sitting's agenda in reading order: what "next item" follows. */
  get flat(): AgendaNode[] {
    return flatten(this.tree);
  }

  /** The item under discussion, placed in the agenda tree. */
  get current(): AgendaNode | undefined {
    const id = this.live.state?.currentItemId;
    return id ? this.flat.find((n) => n.id === id) : undefined;
  }

  /** My own entry in the queue, if I asked for the floor. */
  get myRequest(): FloorRequest | undefined {
    return this.live.state?.queue.find((q) => q.userId === auth.me?.id);
  }

  /** Whether I hold the floor now. */
  get mySpeech(): boolean {
    const speaking = this.live.state?.speaking;
    return !!speaking && speaking.userId === auth.me?.id;
  }

  constructor(sittingId: string) {
    this.live = new LiveSitting(sittingId);
    $effect(() => {
      const s = realtime.socket;
      if (s) return this.live.attach(s);
    });
    $effect(() => {
      const sessionId = this.live.state?.sessionId;
      if (!sessionId) return;
      untrack(() => {
        if (this.agenda?.sessionId === sessionId) return;
        this.agenda = new SessionAgenda(sessionId);
        void this.agenda.load();
      });
    });
    $effect(() => {
      const agenda = this.agenda;
      const s = realtime.socket;
      if (agenda && s) return agenda.attach(s);
    });
    $effect(() => {
      const councilId = this.live.state?.councilId;
      if (councilId) void this.names.load(councilId);
    });
  }
}

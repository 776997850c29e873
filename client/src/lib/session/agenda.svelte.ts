import type { AgendaItemView } from '../../../../contract/agenda.js';
import { buildTree as buildAgendaTree, flatten as flattenTree } from '../../../../contract/agendaTree.js';
import { api, type ApiError } from '../api.js';
import type { AppSocket } from '../realtime/socket.svelte.js';

/** An agenda item placed in its tree, numbered the way the printed programme is ("2.1"). */
export interface AgendaNode extends AgendaItemView {
  number: string;
  depth: number;
  children: AgendaNode[];
}

/** What the secretariat's form edits (the rest of an item keeps its value). */
export interface AgendaDraft {
  parentId: string | null;
  title: string;
  kind: AgendaItemView['kind'];
  minutes: number;
  presenter: string;
}

/** Builds the tree from the flat list; an item whose parent is gone goes to the top level. */
export const buildTree = (items: readonly AgendaItemView[]): AgendaNode[] => buildAgendaTree(items);

/** The tree in reading order (parent before its children): the order "next item" follows. */
export const flatten = (nodes: readonly AgendaNode[]): AgendaNode[] => flattenTree(nodes);

/**
 * A session's agenda, fetched over REST and fetched again when the server says it changed
 * (`agenda:changed`) or after a reconnection (a change may have been missed meanwhile).
 */
export class SessionAgenda {
  items = $state.raw<AgendaItemView[] | null>(null);
  error = $state<ApiError | null>(null);
  tree = $derived(buildTree(this.items ?? []));
  flat = $derived(flatten(this.tree));
  readonly sessionId: string;
  #seq = 0;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const res = await api<AgendaItemView[]>('GET', `/api/sessions/${this.sessionId}/agenda`);
    if (seq !== this.#seq) return; // a newer fetch is under way
    if (res.ok) {
      this.items = res.data;
      this.error = null;
    } else {
      this.error = res;
    }
  }

  find(id: string | null | undefined): AgendaNode | undefined {
    return id ? this.flat.find((n) => n.id === id) : undefined;
  }

  attach(s: AppSocket): () => void {
    // Sent to the rooms of the session's sittings, so screens that joined one hear it.
    const onChanged = (p: { sessionId: string }) => {
      if (p.sessionId === this.sessionId) void this.load();
    };
    const onReconnect = () => void this.load();
    s.on('agenda:changed', onChanged);
    s.io.on('reconnect', onReconnect);
    return () => {
      s.off('agenda:changed', onChanged);
      s.io.off('reconnect', onReconnect);
    };
  }
}

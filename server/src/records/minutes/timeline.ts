/**
 * What happened in a sitting, read back from its audit chain: every applied sitting command
 * is an entry whose `data` names what changed (status, currentItemId, speaking). Pure, so
 * the minutes of a scripted sitting can be checked against the script.
 */

export interface ChainEvent {
  at: Date;
  action: string;
  data: Record<string, unknown>;
}

export interface ItemSpan { itemId: string; startedAt: Date; endedAt: Date | null }
export interface TurnSpan { userId: string; itemId: string | null; startedAt: Date; endedAt: Date | null; /** speak, debate or question (null in entries written before it was recorded). */ kind: string | null }

export interface SittingTimeline {
  openedAt: Date | null;
  closedAt: Date | null;
  /** Agenda items in the order the chair took them up (an item taken up twice appears twice). */
  items: ItemSpan[];
  /** Turns at the floor in order. */
  turns: TurnSpan[];
}

/** The sitting commands whose entries describe the sitting (polls and minutes share the chain). */
const SITTING_COMMANDS = new Set(['sitting:setStatus', 'agenda:setCurrent', 'floor:grant', 'floor:end', 'floor:request', 'floor:withdraw', 'floor:reorder', 'attendance:checkIn']);

export function sittingTimeline(events: readonly ChainEvent[]): SittingTimeline {
  const t: SittingTimeline = { openedAt: null, closedAt: null, items: [], turns: [] };
  let item: ItemSpan | null = null;
  let turn: TurnSpan | null = null;
  const endItem = (at: Date) => { if (item) item.endedAt = at; item = null; };
  const endTurn = (at: Date) => { if (turn) turn.endedAt = at; turn = null; };
  for (const e of events) {
    if (!SITTING_COMMANDS.has(e.action)) continue;
    const d = e.data;
    if ('speaking' in d) {
      endTurn(e.at);
      if (typeof d.speaking === 'string') t.turns.push((turn = { userId: d.speaking, itemId: item?.itemId ?? null, startedAt: e.at, endedAt: null, kind: typeof d.speakingKind === 'string' ? d.speakingKind : null }));
    }
    if ('currentItemId' in d) {
      endItem(e.at);
      if (typeof d.currentItemId === 'string') t.items.push((item = { itemId: d.currentItemId, startedAt: e.at, endedAt: null }));
    }
    if (d.status === 'open' && !t.openedAt) t.openedAt = e.at;
    if (d.status === 'closed') {
      t.closedAt = e.at;
      endTurn(e.at);
      endItem(e.at);
    }
  }
  return t;
}

/** Whole seconds between two times, or null while the second is unknown. */
export const secondsBetween = (from: Date, to: Date | null) => (to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);

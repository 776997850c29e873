import { describe, it, expect } from 'vitest';
import { sittingTimeline, type ChainEvent } from './timeline.js';

const at = (s: number) => new Date(Date.UTC(2026, 6, 15, 1, 0, s));
const e = (s: number, action: string, data: Record<string, unknown>): ChainEvent => ({ at: at(s), action, data });

describe('the sitting as read back from its audit chain', () => {
  it('a grant while someone speaks ends that turn and starts the next at the same moment; each turn keeps its kind', () => {
    const t = sittingTimeline([
      e(0, 'sitting:setStatus', { status: 'open' }), e(5, 'agenda:setCurrent', { currentItemId: 'a' }),
      e(10, 'floor:grant', { speaking: 'u1', speakingKind: 'speak', queue: 1 }), e(70, 'floor:grant', { speaking: 'u2', speakingKind: 'debate', queue: 0 }), e(100, 'floor:end', { speaking: null, speakingKind: null }),
    ]);
    expect(t.turns).toEqual([
      { userId: 'u1', itemId: 'a', startedAt: at(10), endedAt: at(70), kind: 'speak' },
      { userId: 'u2', itemId: 'a', startedAt: at(70), endedAt: at(100), kind: 'debate' },
    ]);
  });

  it('closing the sitting ends the current item and turn; polls, minutes and access entries on the same chain are ignored', () => {
    const t = sittingTimeline([
      e(0, 'sitting:setStatus', { status: 'open' }), e(1, 'agenda:setCurrent', { currentItemId: 'a' }), e(2, 'poll:closed', { status: 'closed', pollId: 'p' }),
      e(3, 'floor:grant', { speaking: 'u1' }), e(4, 'sitting:accessed', { roles: 'delegate' }), e(9, 'sitting:setStatus', { status: 'closed', speaking: null, queue: 0 }),
      e(12, 'minutes:generated', { revision: 1 }),
    ]);
    expect(t).toEqual({
      openedAt: at(0), closedAt: at(9),
      items: [{ itemId: 'a', startedAt: at(1), endedAt: at(9) }],
      turns: [{ userId: 'u1', itemId: 'a', startedAt: at(3), endedAt: at(9), kind: null }],
    });
  });

  it('an item taken up twice appears twice, and moving to no item ends the current one', () => {
    const t = sittingTimeline([
      e(0, 'agenda:setCurrent', { currentItemId: 'a' }), e(10, 'agenda:setCurrent', { currentItemId: 'b' }),
      e(20, 'agenda:setCurrent', { currentItemId: 'a' }), e(30, 'agenda:setCurrent', { currentItemId: null }),
    ]);
    expect(t.items.map((i) => [i.itemId, i.startedAt.getUTCSeconds(), i.endedAt?.getUTCSeconds()])).toEqual([['a', 0, 10], ['b', 10, 20], ['a', 20, 30]]);
  });
});

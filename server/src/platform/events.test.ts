import { Writable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { EventBus } from './events.js';
import { createLogger } from './log.js';

type Events = { 'thing.changed': { id: string } };

function bus() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
  return { events: new EventBus<Events>(createLogger('info', sink)), logged: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; event?: string }) };
}

describe('the domain-event bus', () => {
  it('runs every subscriber of an event, in the order they subscribed, with the payload published', () => {
    const { events } = bus();
    const seen: string[] = [];
    events.subscribe('thing.changed', (p) => { seen.push(`first ${p.id}`); });
    events.subscribe('thing.changed', (p) => { seen.push(`second ${p.id}`); });
    events.publish('thing.changed', { id: 'a' });
    expect(seen).toEqual(['first a', 'second a']);
  });

  it('never fails the publisher: a subscriber that throws or rejects is logged, and the others still run', async () => {
    const { events, logged } = bus();
    const seen: string[] = [];
    events.subscribe('thing.changed', () => { throw new Error('boom'); });
    events.subscribe('thing.changed', async () => { throw new Error('later boom'); });
    events.subscribe('thing.changed', (p) => { seen.push(p.id); });
    expect(() => events.publish('thing.changed', { id: 'b' })).not.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['b']);
    expect(logged().filter((l) => l.level === 50 && l.event === 'thing.changed')).toHaveLength(2);
  });

  it('stops calling a subscriber once it unsubscribed', () => {
    const { events } = bus();
    const seen: string[] = [];
    const off = events.subscribe('thing.changed', (p) => { seen.push(p.id); });
    events.publish('thing.changed', { id: 'c' });
    off();
    events.publish('thing.changed', { id: 'd' });
    expect(seen).toEqual(['c']);
  });
});

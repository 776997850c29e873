import { describe, expect, it } from 'vitest';
import { FreshRead } from './freshRead.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('FreshRead', () => {
  it('serves a burst of callers with at most two reads, each read begun after its callers asked', async () => {
    const reads = new FreshRead<number>();
    let value = 0;
    let started = 0;
    const read = () => { started++; const seen = value; return tick().then(() => seen); };
    const first = reads.read('k', read);
    value = 1; // written after the first read began: later callers must see it
    const later = Array.from({ length: 50 }, () => reads.read('k', read));
    expect(await first).toBe(0);
    expect(await Promise.all(later)).toEqual(Array(50).fill(1));
    expect(started).toBe(2);
  });

  it('keeps keys apart and reads again once a burst is over', async () => {
    const reads = new FreshRead<string>();
    let n = 0;
    const read = (k: string) => () => tick().then(() => `${k}${++n}`);
    const [a, b] = await Promise.all([reads.read('a', read('a')), reads.read('b', read('b'))]);
    expect([a, b].sort()).toEqual(['a1', 'b2'].sort());
    expect(await reads.read('a', read('a'))).toBe('a3');
  });

  it('answers the next callers after a read fails', async () => {
    const reads = new FreshRead<number>();
    const failing = reads.read('k', () => tick().then(() => { throw new Error('down'); }));
    const next = reads.read('k', () => tick().then(() => 7));
    await expect(failing).rejects.toThrow('down');
    expect(await next).toBe(7);
  });
});

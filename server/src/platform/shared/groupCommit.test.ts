import { describe, it, expect } from 'vitest';
import { GroupCommit } from './groupCommit.js';

describe('GroupCommit', () => {
  it('writes a lone item at once, and items that arrive during a write together in the next batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, string>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 20));
      return items.map((i) => `r${i}`);
    });
    const first = gc.submit(0);
    const rest = [1, 2, 3, 4].map((i) => gc.submit(i));
    expect(await Promise.all([first, ...rest])).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(batches).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('rejects every caller of a failed batch and carries on with the next one', async () => {
    let n = 0;
    const gc = new GroupCommit<number, number>(async (items) => {
      if (n++ === 0) { await new Promise((r) => setTimeout(r, 10)); throw new Error('disk full'); }
      return items;
    });
    const a = gc.submit(1);
    const b = gc.submit(2);
    await expect(a).rejects.toThrow('disk full');
    expect(await b).toBe(2);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, number>(async (items) => { sizes.push(items.length); await Promise.resolve(); return items; }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => gc.submit(i)));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});

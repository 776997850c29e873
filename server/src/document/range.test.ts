import { describe, it, expect } from 'vitest';
import { ifRangeHolds, MAX_PARTS, noneMatchHits, parseRange, withOpening } from './range.js';

describe('parseRange(header, size)', () => {
  it.each([
    ['no header', undefined, { kind: 'full' }],
    ['the first bytes', 'bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['a middle slice', 'bytes=500-1499', { kind: 'partial', start: 500, end: 1499 }],
    ['an open end', 'bytes=9000-', { kind: 'partial', start: 9000, end: 9999 }],
    ['a suffix', 'bytes=-100', { kind: 'partial', start: 9900, end: 9999 }],
    ['a suffix longer than the file (the whole file)', 'bytes=-20000', { kind: 'partial', start: 0, end: 9999 }],
    ['an end past the file (clamped)', 'bytes=9990-20000', { kind: 'partial', start: 9990, end: 9999 }],
    ['a start past the end (416)', 'bytes=10000-10010', { kind: 'unsatisfiable' }],
    ['an open range from the end (416)', 'bytes=10000-', { kind: 'unsatisfiable' }],
    ['an empty suffix (416)', 'bytes=-0', { kind: 'unsatisfiable' }],
    ['several ranges, ascending (one multipart answer)', 'bytes=0-9,20-29,9990-', { kind: 'parts', parts: [{ start: 0, end: 9 }, { start: 20, end: 29 }, { start: 9990, end: 9999 }] }],
    ['several ranges, one past the end (dropped)', 'bytes=0-9, 20000-20010', { kind: 'partial', start: 0, end: 9 }],
    ['several ranges, all past the end (416)', 'bytes=10000-10010,20000-', { kind: 'unsatisfiable' }],
    ['overlapping ranges (the whole file: no byte sent twice)', 'bytes=0-99,50-149', { kind: 'full' }],
    ['ranges out of order (the whole file)', 'bytes=20-29,0-9', { kind: 'full' }],
    ['more ranges than MAX_PARTS (the whole file)', `bytes=${Array.from({ length: MAX_PARTS + 1 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')}`, { kind: 'full' }],
    ['a malformed one among several (ignored)', 'bytes=0-9,x', { kind: 'full' }],
    ['another unit (ignored)', 'items=0-9', { kind: 'full' }],
    ['garbage (ignored)', 'bytes=abc', { kind: 'full' }],
    ['a backwards range (ignored)', 'bytes=50-10', { kind: 'full' }],
  ] as const)('%s: %s', (_name, header, expected) => {
    expect(parseRange(header, 10_000)).toEqual(expected);
  });
});

describe('entity tags', () => {
  const etag = '"abc123"';
  it('If-None-Match matches the tag, a list holding it, a weak form of it and *', () => {
    expect(noneMatchHits('"abc123"', etag)).toBe(true);
    expect(noneMatchHits('"x", "abc123"', etag)).toBe(true);
    expect(noneMatchHits('W/"abc123"', etag)).toBe(true);
    expect(noneMatchHits('*', etag)).toBe(true);
    expect(noneMatchHits('"other"', etag)).toBe(false);
    expect(noneMatchHits(undefined, etag)).toBe(false);
  });

  it('If-Range keeps the range only for this very version', () => {
    expect(ifRangeHolds(undefined, etag)).toBe(true);
    expect(ifRangeHolds('"abc123"', etag)).toBe(true);
    expect(ifRangeHolds('"older"', etag)).toBe(false);
  });
});

describe('withOpening(parts, spans, size): the opening answered with the reads recorded at upload', () => {
  it('adds the spans to the ranges asked, ascending, merged where they overlap or touch, cut at the end of the file', () => {
    const asked = [{ start: 0, end: 65535 }, { start: 868928, end: 999999 }];
    // [start, end) pairs as recorded: one inside the head, one touching it, two apart, one past the tail's start, one past the end.
    const spans = [2048, 4096, 65536, 67584, 200704, 202752, 407552, 409600, 868352, 870400, 998400, 1_002_496];
    expect(withOpening(asked, spans, 1_000_000)).toEqual([
      { start: 0, end: 67583 },
      { start: 200704, end: 202751 },
      { start: 407552, end: 409599 },
      { start: 868352, end: 999999 },
    ]);
  });

  it('leaves the ranges asked as they are when nothing was recorded', () => {
    expect(withOpening([{ start: 0, end: 9 }, { start: 90, end: 99 }], [], 100)).toEqual([{ start: 0, end: 9 }, { start: 90, end: 99 }]);
  });
});

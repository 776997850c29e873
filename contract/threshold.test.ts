import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { passes, requiredYes, outcomeOf } from './threshold.js';
import type { Threshold } from './poll.js';

const nAndYes = fc.integer({ min: 1, max: 2000 }).chain((N) => fc.tuple(fc.constant(N), fc.integer({ min: 0, max: N })));
const threshold: fc.Arbitrary<Threshold> = fc.oneof(
  fc.constant({ kind: 'more_than_half' } as const),
  fc.constant({ kind: 'at_least_two_thirds' } as const),
  fc.record({ kind: fc.constant('custom' as const), numerator: fc.integer({ min: 0, max: 100 }), denominator: fc.integer({ min: 1, max: 100 }), strict: fc.boolean() }),
);

describe('threshold arithmetic (against the elected total N)', () => {
  it('more than half passes iff 2·yes > N', () => {
    fc.assert(fc.property(nAndYes, ([N, yes]) => passes(yes, N, { kind: 'more_than_half' }) === (2 * yes > N)));
  });
  it('at least two thirds passes iff 3·yes ≥ 2·N', () => {
    fc.assert(fc.property(nAndYes, ([N, yes]) => passes(yes, N, { kind: 'at_least_two_thirds' }) === (3 * yes >= 2 * N)));
  });
  it('is monotonic in yes: one more yes never turns PASSED into FAILED', () => {
    fc.assert(fc.property(nAndYes, threshold, ([N, yes], t) => !passes(yes, N, t) || yes === N || passes(yes + 1, N, t)));
  });
  it('never depends on who is present, votes no or abstains: only yes and N', () => {
    const counts = fc.record({ no: fc.nat(500), abstain: fc.nat(500), present: fc.nat(2000) });
    fc.assert(fc.property(nAndYes, threshold, counts, counts, ([N, yes], t, a, b) =>
      outcomeOf({ yes, ...a }, N, t) === outcomeOf({ yes, ...b }, N, t)));
  });
  it('requiredYes is the exact boundary: passes at it, fails one below', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), threshold, (N, t) => {
      const r = requiredYes(N, t);
      if (r === null) return !passes(N, N, t);
      return passes(r, N, t) && (r === 0 || !passes(r - 1, N, t));
    }));
  });
  it('examples: N = 50 needs 26 for more than half and 34 for two thirds', () => {
    expect(requiredYes(50, { kind: 'more_than_half' })).toBe(26);
    expect(requiredYes(50, { kind: 'at_least_two_thirds' })).toBe(34);
    expect(passes(25, 50, { kind: 'more_than_half' })).toBe(false);
  });
});

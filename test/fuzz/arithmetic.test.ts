import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { quorumOf, type QuorumRules } from '../../server/src/council/quorum.js';
import { computeTally, consequenceOf } from '../../server/src/poll/tally.js';
import { passes } from '../../contract/threshold.js';
import { RESOLUTION_OPTIONS, type PollDef } from '../../server/src/poll/choices.js';
import type { AttendanceEntry, AttendanceStatus } from '../../contract/sitting.js';
import type { Threshold } from '../../contract/poll.js';
import { SEED } from './payloads.js';

/**
 * Property tests of the arithmetic rules the fuzz suite cannot reach through the API:
 * quorum (⌈N·a/b⌉ of the elected total, never of those present) and the tally's sums.
 * The threshold rules themselves are property-tested in contract/threshold.test.ts,
 * and the tally's determinism in server/src/poll/tally.test.ts.
 */

const run = { seed: SEED, numRuns: 300 };

const STATUSES: AttendanceStatus[] = ['hall', 'online', 'absent_excused', 'absent'];
const attendance = (n: number) => fc.array(fc.constantFrom(...STATUSES), { maxLength: n }).map((ss) =>
  ss.map((status, i): AttendanceEntry => ({ userId: `u${i}`, status, meetingPointId: null, reason: null, at: '2025-07-01T08:00:00Z' })));
const rules: fc.Arbitrary<QuorumRules> = fc.record({
  electedTotal: fc.integer({ min: 1, max: 600 }),
  quorumDenominator: fc.integer({ min: 1, max: 100 }),
  quorumNumerator: fc.integer({ min: 0, max: 100 }),
  onlineCountsForQuorum: fc.boolean(),
}).filter((r) => r.quorumNumerator <= r.quorumDenominator);

describe('quorum counts against the elected total N, in integer arithmetic', () => {
  it('required is the least integer r with r·b ≥ N·a (⌈N·a/b⌉), whoever is present', () => {
    fc.assert(fc.property(rules, attendance(80), (r, att) => {
      const q = quorumOf(att, r);
      const a = r.quorumNumerator, b = r.quorumDenominator, N = r.electedTotal;
      expect(q.required * b >= N * a).toBe(true);
      expect(q.required === 0 || (q.required - 1) * b < N * a).toBe(true);
      expect(q.electedTotal).toBe(N);
      expect(q.required).toBe(quorumOf([], r).required);
    }), run);
  });

  it('present counts the hall, and the online only when the council says so; met iff present ≥ required; missing = max(0, required − present)', () => {
    fc.assert(fc.property(rules, attendance(80), (r, att) => {
      const q = quorumOf(att, r);
      const present = att.filter((e) => e.status === 'hall' || (r.onlineCountsForQuorum && e.status === 'online')).length;
      expect(q.present).toBe(present);
      expect(q.met).toBe(present >= q.required);
      expect(q.missing).toBe(Math.max(0, q.required - present));
      expect(q.met).toBe(q.missing === 0);
    }), run);
  });

  it('is monotonic: one more delegate in the hall never loses the quorum', () => {
    fc.assert(fc.property(rules, attendance(80), (r, att) => {
      const more = [...att, { userId: 'late', status: 'hall' as const, meetingPointId: null, reason: null, at: '2025-07-01T09:00:00Z' }];
      expect(!quorumOf(att, r).met || quorumOf(more, r).met).toBe(true);
      expect(quorumOf(more, r).missing).toBe(Math.max(0, quorumOf(att, r).missing - 1));
    }), run);
  });

  it('two thirds of N: 34 of 50, 2 of 3, 1 of 1, 67 of 100 (no floating-point slip at exact thirds)', () => {
    const two3 = (N: number) => quorumOf([], { electedTotal: N, quorumNumerator: 2, quorumDenominator: 3, onlineCountsForQuorum: true }).required;
    expect([two3(50), two3(3), two3(1), two3(100), two3(300), two3(99)]).toEqual([34, 2, 1, 67, 200, 66]);
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), (N) => two3(N) === Math.floor((2 * N + 2) / 3)), run);
  });
});

const resolution: PollDef = { id: 'p', kind: 'resolution', secret: true, options: RESOLUTION_OPTIONS, maxChoices: 1 };
const threshold: fc.Arbitrary<Threshold> = fc.oneof(
  fc.constant({ kind: 'more_than_half' } as const),
  fc.constant({ kind: 'at_least_two_thirds' } as const),
  fc.record({ kind: fc.constant('custom' as const), numerator: fc.integer({ min: 0, max: 100 }), denominator: fc.integer({ min: 1, max: 100 }), strict: fc.boolean() }),
);
/** N and at most N ballots of one choice each. */
const resolutionBallots = fc.integer({ min: 1, max: 300 }).chain((N) =>
  fc.tuple(fc.constant(N), fc.array(fc.constantFrom('yes', 'no', 'abstain').map((c) => ({ choices: [c] })), { maxLength: N })));

describe('the tally adds up', () => {
  it('resolution: yes + no + abstain = ballots, didNotVote = N − ballots, invalid = 0, PASSED iff the threshold passes on yes and N', () => {
    fc.assert(fc.property(resolutionBallots, threshold, ([N, ballots], t) => {
      const tally = computeTally(resolution, 1, N, t, ballots, N);
      const count = (k: string) => tally.counts.find((c) => c.key === k)!.count;
      expect(tally.counts.map((c) => c.key)).toEqual(['yes', 'no', 'abstain']);
      expect(count('yes') + count('no') + count('abstain')).toBe(ballots.length);
      expect(tally.ballots).toBe(ballots.length);
      expect(tally.didNotVote).toBe(N - ballots.length);
      expect(tally.invalid).toBe(0);
      expect(tally.electedTotal).toBe(N);
      expect(tally.outcome).toBe(passes(count('yes'), N, t) ? 'PASSED' : 'FAILED');
    }), run);
  });

  it('election: each candidate counted once per ballot naming them, never more than the ballots; the counts sum to the choices made', () => {
    const election = fc.integer({ min: 1, max: 8 }).chain((k) => fc.tuple(
      fc.constant(k), fc.integer({ min: 1, max: 200 }),
      fc.array(fc.subarray(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], { minLength: 0, maxLength: k }), { maxLength: 200 }),
    ));
    fc.assert(fc.property(election, threshold, ([k, N, picks], t) => {
      const options = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((key) => ({ key, label: key.toUpperCase() }));
      const poll: PollDef = { id: 'e', kind: 'election', secret: true, options, maxChoices: k };
      const tally = computeTally(poll, 1, N, t, picks.map((choices) => ({ choices })));
      expect(tally.counts.reduce((s, c) => s + c.count, 0)).toBe(picks.reduce((s, p) => s + p.length, 0));
      for (const c of tally.counts) {
        expect(c.count).toBe(picks.filter((p) => p.includes(c.key)).length);
        expect(c.outcome).toBe(passes(c.count, N, t) ? 'PASSED' : 'FAILED');
      }
      expect(tally.didNotVote).toBe(Math.max(0, N - picks.length));
    }), run);
  });

  it('confidence: high + medium + low of each person = the ballots rating them; the consequence follows 2·low > N and 3·low ≥ 2·N', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.tuple(fc.constantFrom('high', 'medium', 'low'), fc.constantFrom('high', 'medium', 'low')), { maxLength: 200 }), (N, ratings) => {
      const poll: PollDef = { id: 'c', kind: 'confidence', secret: true, options: [{ key: 'p1', label: 'Ông A' }, { key: 'p2', label: 'Bà B' }], maxChoices: 2 };
      const tally = computeTally(poll, 1, N, { kind: 'more_than_half' }, ratings.map(([a, b]) => ({ choices: [`p1=${a}`, `p2=${b}`] })));
      for (const [i, person] of tally.confidence!.entries()) {
        expect(person.high + person.medium + person.low).toBe(ratings.length);
        expect(person.low).toBe(ratings.filter((r) => r[i] === 'low').length);
        expect(person.lowShareOfN).toBe(`${person.low}/${N}`);
        expect(person.consequence).toBe(consequenceOf(person.low, N));
      }
    }), run);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }).chain((N) => fc.tuple(fc.constant(N), fc.integer({ min: 0, max: N }))), ([N, low]) => {
      expect(consequenceOf(low, N)).toBe(3 * low >= 2 * N ? 'dismissal_to_be_proposed' : 2 * low > N ? 'resignation_or_confidence_vote' : 'none');
    }), run);
  });
});

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeTally, consequenceOf } from './tally.js';
import { RESOLUTION_OPTIONS, type PollDef } from './choices.js';

const resolution: PollDef = { id: 'p1', kind: 'resolution', secret: true, options: RESOLUTION_OPTIONS, maxChoices: 1 };
const ballot = fc.record({ choices: fc.constantFrom('yes', 'no', 'abstain').map((c) => [c]), receipt: fc.stringMatching(/^[0-9a-f]{8}$/) });

/** Fisher–Yates with a small deterministic generator, so a failing seed replays. */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('tally', () => {
  it('is deterministic: the same stored ballots in any order give the same tally and hash', () => {
    fc.assert(fc.property(fc.array(ballot, { maxLength: 120 }), fc.integer({ min: 120, max: 200 }), fc.boolean(), fc.integer(), (ballots, N, secret, seed) => {
      const poll = { ...resolution, secret };
      const withVoters = ballots.map((b, i) => ({ ...b, voterId: `v${i}` }));
      const shuffled = shuffle(withVoters, seed);
      const a = computeTally(poll, 1, N, { kind: 'more_than_half' }, withVoters);
      const b = computeTally(poll, 1, N, { kind: 'more_than_half' }, shuffled);
      expect(b).toEqual(a);
    }), { numRuns: 200 });
  });

  it('a different set of ballots gives a different hash', () => {
    const a = computeTally(resolution, 1, 10, { kind: 'more_than_half' }, [{ choices: ['yes'] }]);
    const b = computeTally(resolution, 1, 10, { kind: 'more_than_half' }, [{ choices: ['no'] }]);
    expect(a.hash).not.toBe(b.hash);
  });

  it('shows every option, did-not-vote against N, and PASSED only with more than half of N voting yes', () => {
    const ballots = [...Array(26).fill({ choices: ['yes'] }), ...Array(3).fill({ choices: ['no'] })];
    const t = computeTally(resolution, 1, 50, { kind: 'more_than_half' }, ballots);
    expect(t.counts.map((c) => c.count)).toEqual([26, 3, 0]);
    expect(t.didNotVote).toBe(21);
    expect(t.outcome).toBe('PASSED');
    expect(computeTally(resolution, 1, 50, { kind: 'more_than_half' }, ballots.slice(1)).outcome).toBe('FAILED');
  });

  it('confidence: more than 1/2 and under 2/3 of N rating low → resignation or confidence vote; 2/3 or more → dismissal proposed', () => {
    expect(consequenceOf(25, 50)).toBe('none');
    expect(consequenceOf(26, 50)).toBe('resignation_or_confidence_vote');
    expect(consequenceOf(33, 50)).toBe('resignation_or_confidence_vote');
    expect(consequenceOf(34, 50)).toBe('dismissal_to_be_proposed');
  });
});

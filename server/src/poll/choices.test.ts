import { describe, it, expect } from 'vitest';
import { canonicalChoices, RESOLUTION_OPTIONS, type PollDef } from './choices.js';

const poll = (kind: PollDef['kind'], options = RESOLUTION_OPTIONS, maxChoices = 1): PollDef => ({ id: 'p', kind, secret: true, options, maxChoices });
const people = [{ key: 'a', label: 'Nguyễn Văn A' }, { key: 'b', label: 'Trần Thị B' }];

describe('ballot choices', () => {
  it('a resolution ballot holds exactly one of Đồng ý / Không đồng ý / Không biểu quyết', () => {
    expect(canonicalChoices(poll('resolution'), ['no'])).toEqual(['no']);
    expect(() => canonicalChoices(poll('resolution'), [])).toThrow(/exactly one/);
    expect(() => canonicalChoices(poll('resolution'), ['yes', 'no'])).toThrow(/exactly one/);
    expect(() => canonicalChoices(poll('resolution'), ['maybe'])).toThrow(/exactly one/);
  });
  it('an election ballot chooses up to k known candidates, stored sorted', () => {
    const e = poll('election', [...people, { key: 'c', label: 'C' }], 2);
    expect(canonicalChoices(e, ['b', 'a'])).toEqual(['a', 'b']);
    expect(canonicalChoices(e, [])).toEqual([]);
    expect(() => canonicalChoices(e, ['a', 'b', 'c'])).toThrow(/at most 2/);
    expect(() => canonicalChoices(e, ['a', 'a'])).toThrow(/duplicate/);
    expect(() => canonicalChoices(e, ['z'])).toThrow(/unknown candidate/);
  });
  it('a confidence ballot rates every person exactly once: high, medium or low', () => {
    const c = poll('confidence', people);
    expect(canonicalChoices(c, ['b=low', 'a=high'])).toEqual(['a=high', 'b=low']);
    expect(() => canonicalChoices(c, ['a=high'])).toThrow(/each person/);
    expect(() => canonicalChoices(c, ['a=high', 'a=low'])).toThrow(/each person/);
    expect(() => canonicalChoices(c, ['a=high', 'b=meh'])).toThrow(/each person/);
  });
});

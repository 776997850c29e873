import type { Threshold } from './poll.js';

/**
 * Whether `yes` votes reach the threshold, always against the elected total N (never those
 * present). Integer arithmetic only: yes/N > a/b  ⇔  yes·b > a·N (N, b > 0).
 */
export function passes(yes: number, N: number, t: Threshold): boolean {
  if (!Number.isSafeInteger(yes) || !Number.isSafeInteger(N) || yes < 0 || N <= 0) throw new RangeError('yes and N must be non-negative integers, N > 0');
  const { num, den, strict } = fractionOf(t);
  return strict ? yes * den > num * N : yes * den >= num * N;
}

export function fractionOf(t: Threshold): { num: number; den: number; strict: boolean } {
  switch (t.kind) {
    case 'more_than_half': return { num: 1, den: 2, strict: true };
    case 'at_least_two_thirds': return { num: 2, den: 3, strict: false };
    case 'custom': return { num: t.numerator, den: t.denominator, strict: t.strict };
  }
}

/** The smallest number of yes votes that passes (for displays), or null if none can. */
export function requiredYes(N: number, t: Threshold): number | null {
  const { num, den, strict } = fractionOf(t);
  const bound = Math.floor((num * N) / den); // integer division of safe integers
  const need = strict ? bound + 1 : ((num * N) % den === 0 ? bound : bound + 1);
  return need <= N ? need : null;
}

/** The outcome of a resolution from its counts: only `yes` and N matter, by rule. */
export function outcomeOf(c: { yes: number; no?: number; abstain?: number; present?: number }, N: number, t: Threshold): 'PASSED' | 'FAILED' {
  return passes(c.yes, N, t) ? 'PASSED' : 'FAILED';
}

import type { AttendanceEntry, Quorum } from '../../../contract/sitting.js';

export interface QuorumRules {
  electedTotal: number;
  quorumNumerator: number;
  quorumDenominator: number;
  onlineCountsForQuorum: boolean;
}

/**
 * Quorum counts against the council's elected total N, never against those present:
 * required = ⌈N · numerator / denominator⌉ (2/3 of 50 → 34). Integer arithmetic only.
 */
export function quorumOf(attendance: readonly AttendanceEntry[], rules: QuorumRules): Quorum {
  const required = Math.ceil((rules.electedTotal * rules.quorumNumerator) / rules.quorumDenominator);
  const present = attendance.filter((a) => a.status === 'hall' || (a.status === 'online' && rules.onlineCountsForQuorum)).length;
  return { electedTotal: rules.electedTotal, required, present, missing: Math.max(0, required - present), met: present >= required };
}

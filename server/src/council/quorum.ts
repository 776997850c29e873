import { fromOwnDevice, type AttendanceEntry, type Quorum } from '../../../contract/sitting.js';

export interface QuorumRules {
  electedTotal: number;
  quorumNumerator: number;
  quorumDenominator: number;
  onlineCountsForQuorum: boolean;
}

/**
 * Whether an entry counts as attending now: in the hall, or online where the rules count
 * online attendance — a personal device whose link was lost past the grace period does not
 * (it counts again once the device is back).
 */
export function counts(a: AttendanceEntry, rules: Pick<QuorumRules, 'onlineCountsForQuorum'>): boolean {
  if (a.status === 'hall') return true;
  if (a.status !== 'online' || !rules.onlineCountsForQuorum) return false;
  return !(fromOwnDevice(a) && a.link === 'lost');
}

/**
 * Quorum counts against the council's elected total N, never against those present:
 * required = ⌈N · numerator / denominator⌉ (2/3 of 50 → 34). Integer arithmetic only.
 */
export function quorumOf(attendance: readonly AttendanceEntry[], rules: QuorumRules): Quorum {
  const required = Math.ceil((rules.electedTotal * rules.quorumNumerator) / rules.quorumDenominator);
  const counted = attendance.filter((a) => counts(a, rules));
  const present = counted.length;
  const online = counted.filter((a) => a.status === 'online').length;
  const reconnecting = counted.filter((a) => fromOwnDevice(a) && a.link === 'reconnecting').length;
  return { electedTotal: rules.electedTotal, required, present, missing: Math.max(0, required - present), met: present >= required, online, reconnecting };
}

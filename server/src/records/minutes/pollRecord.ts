import type { TallyView, Threshold } from '../../../../contract/poll.js';
import type { PollRecord } from '../../../../contract/records.js';
import { requiredYes } from '../../../../contract/threshold.js';

/** The poll as stored (only what records read; `countingCommittee` only on newer polls). */
export interface StoredPoll {
  _id: unknown;
  title: string;
  kind: string;
  secret: boolean;
  options: Array<{ key?: string | null; label?: string | null }>;
  threshold: unknown;
  status: string;
  round: number;
  agendaItemId?: unknown;
  countingCommittee?: string[] | null;
}

export interface StoredClosure { _id: string; round: number; closedAt?: Date | null; tally?: unknown }

/** "Quá nửa tổng số đại biểu (trên 1/2 N)" and its kin. */
export function thresholdText(t: Threshold): string {
  switch (t.kind) {
    case 'more_than_half': return 'Quá nửa tổng số đại biểu (trên 1/2 N)';
    case 'at_least_two_thirds': return 'Ít nhất hai phần ba tổng số đại biểu (từ 2/3 N)';
    case 'custom': return `${t.strict ? 'Trên' : 'Ít nhất'} ${t.numerator}/${t.denominator} tổng số đại biểu`;
  }
}

export const KIND_LABEL: Record<string, string> = {
  resolution: 'Biểu quyết thông qua nghị quyết', election: 'Bầu cử', confidence: 'Lấy phiếu tín nhiệm', custom: 'Biểu quyết',
};
export const CONSEQUENCE_LABEL: Record<string, string> = {
  none: 'Không phát sinh',
  resignation_or_confidence_vote: 'Quá 1/2 đến dưới 2/3 N tín nhiệm thấp: có thể xin từ chức hoặc đưa ra bỏ phiếu tín nhiệm',
  dismissal_to_be_proposed: 'Từ 2/3 N trở lên tín nhiệm thấp: cơ quan có thẩm quyền trình miễn nhiệm',
};
export const OUTCOME_LABEL: Record<string, string> = { PASSED: 'ĐẠT (thông qua)', FAILED: 'KHÔNG ĐẠT' };

/**
 * One closed round as the records state it. Named polls list each delegate's choice by name;
 * secret polls give counts only. `issued`/`invalid` are null on tallies stored before those
 * fields existed.
 */
export function toPollRecord(poll: StoredPoll, closure: StoredClosure, names: ReadonlyMap<string, string>): PollRecord | null {
  const tally = closure.tally as Partial<TallyView> | null | undefined;
  if (!tally || typeof tally.ballots !== 'number') return null;
  const label = new Map(poll.options.map((o) => [o.key ?? '', o.label ?? o.key ?? '']));
  const threshold = (tally.threshold ?? poll.threshold) as Threshold;
  const N = tally.electedTotal ?? 0;
  return {
    pollId: String(poll._id),
    title: poll.title,
    kind: poll.kind,
    secret: poll.secret,
    round: closure.round,
    electedTotal: N,
    threshold: thresholdText(threshold),
    requiredYes: N > 0 ? requiredYes(N, threshold) : null,
    issued: typeof tally.issued === 'number' ? tally.issued : null,
    ballots: tally.ballots,
    invalid: typeof tally.invalid === 'number' ? tally.invalid : null,
    didNotVote: tally.didNotVote ?? Math.max(0, N - tally.ballots),
    counts: (tally.counts ?? []).map((c) => ({ label: c.label, count: c.count, ...(c.outcome ? { outcome: c.outcome } : {}) })),
    outcome: tally.outcome ?? null,
    ...(tally.confidence ? { confidence: tally.confidence.map((c) => ({ label: c.label, high: c.high, medium: c.medium, low: c.low, lowShareOfN: c.lowShareOfN, consequence: c.consequence })) } : {}),
    ...(!poll.secret && tally.named
      ? { named: tally.named.map((n) => ({ name: names.get(n.voterId) ?? n.voterId, choices: n.choices.map((k) => label.get(k) ?? k) })).sort((a, b) => a.name.localeCompare(b.name, 'vi')) }
      : {}),
    closedAt: closure.closedAt ? new Date(closure.closedAt).toISOString() : null,
    hash: tally.hash ?? '',
    agendaItemId: poll.agendaItemId ? String(poll.agendaItemId) : null,
  };
}

import { createHash } from 'node:crypto';
import type { ConfidenceConsequence, Threshold, TallyView } from '../../../contract/poll.js';
import { passes } from '../../../contract/threshold.js';
import type { PollDef } from './choices.js';

export interface StoredBallot { choices: readonly string[]; voterId?: string; receipt?: string }

/**
 * The tally: a pure, deterministic function of the stored ballots of a round (their order
 * does not matter: they are sorted canonically first), N and the threshold. Its hash covers
 * the tally and the sorted ballots (choices and receipts, never voter ids of a secret poll),
 * and joins the audit chain.
 */
export function computeTally(poll: PollDef, round: number, N: number, threshold: Threshold, ballots: readonly StoredBallot[], issued = 0): TallyView {
  const canon = ballots.map((b) => ({ c: [...b.choices].sort().join(','), v: poll.secret ? '' : (b.voterId ?? ''), r: b.receipt ?? '' }))
    .sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : a.v < b.v ? -1 : a.v > b.v ? 1 : a.r < b.r ? -1 : a.r > b.r ? 1 : 0));
  const count = new Map<string, number>();
  for (const b of ballots) for (const c of b.choices) count.set(c, (count.get(c) ?? 0) + 1);
  const n = (k: string) => count.get(k) ?? 0;

  const perOption = poll.kind === 'election' || poll.kind === 'custom';
  const counts = poll.options.map((o) => ({ key: o.key, label: o.label, count: n(o.key), ...(perOption ? { outcome: passes(n(o.key), N, threshold) ? 'PASSED' as const : 'FAILED' as const } : {}) }));
  const outcome = poll.kind === 'resolution' ? (passes(n('yes'), N, threshold) ? 'PASSED' as const : 'FAILED' as const) : null;
  const confidence = poll.kind === 'confidence'
    ? poll.options.map((o) => {
      const low = n(`${o.key}=low`);
      return { key: o.key, label: o.label, high: n(`${o.key}=high`), medium: n(`${o.key}=medium`), low, lowShareOfN: `${low}/${N}`, consequence: consequenceOf(low, N) };
    })
    : undefined;
  const named = poll.secret ? undefined : canon.map((b) => ({ voterId: b.v, choices: b.c === '' ? [] : b.c.split(',') })).sort((a, b) => (a.voterId < b.voterId ? -1 : a.voterId > b.voterId ? 1 : 0));
  const body = {
    pollId: poll.id, round, kind: poll.kind, secret: poll.secret, electedTotal: N, threshold: { ...threshold },
    issued, ballots: ballots.length, invalid: 0, didNotVote: Math.max(0, N - ballots.length), counts, outcome,
    ...(confidence ? { confidence } : {}), ...(named ? { named } : {}),
  };
  const hash = createHash('sha256').update(stable({ body, ballots: canon })).digest('hex');
  return { ...body, hash };
}

/**
 * domain.md: more than 1/2 but under 2/3 of N rating someone low → resignation or a formal
 * confidence vote. At 2/3 or more domain.md says nothing; Resolution 96/2023/QH15 (art. 12, as
 * we read it) has the competent body propose dismissal — to be confirmed with the council.
 */
export function consequenceOf(low: number, N: number): ConfidenceConsequence {
  if (3 * low >= 2 * N) return 'dismissal_to_be_proposed';
  if (2 * low > N) return 'resignation_or_confidence_vote';
  return 'none';
}

/** JSON with object keys sorted, so equal values hash equal. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

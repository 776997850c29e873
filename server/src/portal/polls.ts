import type { Types } from 'mongoose';
import type { PollKind, TallyView, Threshold } from '../../../contract/poll.js';
import type { PublicPoll } from '../../../contract/portal.js';
import { requiredYes } from '../../../contract/threshold.js';
import type { Deps } from '../app/deps.js';
import { thresholdText } from '../records/minutes/pollRecord.js';

interface PollLean {
  _id: Types.ObjectId; agendaItemId?: Types.ObjectId | null; title: string; kind: string; secret: boolean; status: string; round: number;
  options: Array<{ key?: string | null; label?: string | null }>; threshold: unknown;
}

const LEVEL: Record<string, string> = { high: 'tín nhiệm cao', medium: 'tín nhiệm', low: 'tín nhiệm thấp' };

/** A choice key as people read it: a candidate's or option's label, "<person>: tín nhiệm cao" for confidence votes. */
function choiceLabel(key: string, label: ReadonlyMap<string, string>, kind: string): string {
  if (kind === 'resolution') return ({ yes: 'Đồng ý', no: 'Không đồng ý', abstain: 'Không biểu quyết' } as Record<string, string>)[key] ?? key;
  if (kind === 'confidence' && key.includes('=')) {
    const [person = '', level = ''] = key.split('=');
    return `${label.get(person) ?? person}: ${LEVEL[level] ?? level}`;
  }
  return label.get(key) ?? key;
}

/**
 * One published poll as the public sees it, built field by field from its stored tally (never
 * spread: nothing the tally holds leaks by accident). Named polls list each delegate's
 * choices by name; a secret poll gives counts only, whatever the tally holds.
 */
export function publicPollView(p: PollLean, tally: TallyView, closedAt: Date | null, names: ReadonlyMap<string, string>): PublicPoll {
  const label = new Map(p.options.map((o) => [o.key ?? '', o.label ?? o.key ?? '']));
  const threshold = (tally.threshold ?? p.threshold) as Threshold;
  const N = tally.electedTotal;
  return {
    id: String(p._id), agendaItemId: p.agendaItemId ? String(p.agendaItemId) : null, title: p.title, kind: p.kind as PollKind, secret: p.secret, round: p.round,
    electedTotal: N, threshold, thresholdText: thresholdText(threshold), requiredYes: N > 0 ? requiredYes(N, threshold) : null,
    issued: typeof tally.issued === 'number' ? tally.issued : null, ballots: tally.ballots, didNotVote: tally.didNotVote ?? Math.max(0, N - tally.ballots),
    counts: (tally.counts ?? []).map((c) => ({ key: c.key, label: c.label, count: c.count, ...(c.outcome ? { outcome: c.outcome } : {}) })),
    outcome: tally.outcome ?? null,
    ...(tally.confidence ? { confidence: tally.confidence.map((c) => ({ key: c.key, label: c.label, high: c.high, medium: c.medium, low: c.low, lowShareOfN: c.lowShareOfN, consequence: c.consequence })) } : {}),
    ...(!p.secret && tally.named
      ? { named: tally.named.map((n) => ({ delegateId: n.voterId, name: names.get(n.voterId) ?? '', choices: n.choices.map((k) => choiceLabel(k, label, p.kind)) })).sort((a, b) => a.name.localeCompare(b.name, 'vi')) }
      : {}),
    closedAt: closedAt ? closedAt.toISOString() : null,
  };
}

/** The sitting's polls whose results were published (status `published`), in creation order. */
export async function publicPollsOf(deps: Deps, sittingId: Types.ObjectId): Promise<PublicPoll[]> {
  const polls = (await deps.models.Poll.find({ sittingId, status: 'published' }).sort({ createdAt: 1 }).lean<PollLean[]>()).filter((p) => p.status === 'published');
  const closures = await Promise.all(polls.map((p) => deps.models.PollClosure.findById(`${String(p._id)}:${p.round}`).lean()));
  const voterIds = new Set<string>();
  polls.forEach((p, i) => { if (!p.secret) for (const n of (closures[i]?.tally as TallyView | null)?.named ?? []) voterIds.add(n.voterId); });
  const users = voterIds.size ? await deps.models.User.find({ _id: { $in: [...voterIds] } }, { displayName: 1 }).lean() : [];
  const names = new Map(users.map((u) => [String(u._id), u.displayName ?? '']));
  return polls.flatMap((p, i) => {
    const c = closures[i];
    const tally = c?.tally as TallyView | null | undefined;
    return tally && typeof tally.ballots === 'number' ? [publicPollView(p, tally, c!.closedAt ?? null, names)] : [];
  });
}

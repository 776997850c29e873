import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { CouncilRules } from '../../../contract/org.js';
import type { QuorumRules } from './quorum.js';

/** The rules' defaults, for councils stored before a rule existed (lean reads apply no schema defaults). */
const DEFAULTS: CouncilRules = CouncilRules.parse({});

/** A council's working rules (quy chế): its quorum against N, and the rest as stored. */
export async function councilRules(deps: Deps, councilId: Types.ObjectId): Promise<{ quorum: QuorumRules; rules: CouncilRules }> {
  const council = await deps.models.Council.findById(councilId).lean();
  if (!council) throw errors.notFound('hội đồng');
  const stored = Object.fromEntries(Object.entries((council.rules ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null));
  const r: CouncilRules = { ...DEFAULTS, ...stored };
  return {
    rules: r,
    quorum: { electedTotal: council.electedTotal, quorumNumerator: r.quorumNumerator, quorumDenominator: r.quorumDenominator, onlineCountsForQuorum: r.onlineCountsForQuorum },
  };
}

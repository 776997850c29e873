import { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import type { QuorumRules } from './quorum.js';

/** A council's working rules (quy chế): its quorum against N, and the rest as stored. */
export async function councilRules(deps: Deps, councilId: Types.ObjectId): Promise<{ quorum: QuorumRules; rules: Record<string, number | boolean> }> {
  const council = await deps.models.Council.findById(councilId).lean();
  if (!council) throw errors.notFound('hội đồng');
  const r = council.rules as unknown as Record<string, number | boolean>;
  return {
    rules: r,
    quorum: { electedTotal: council.electedTotal, quorumNumerator: r.quorumNumerator as number, quorumDenominator: r.quorumDenominator as number, onlineCountsForQuorum: r.onlineCountsForQuorum as boolean },
  };
}

import type { Deps } from '../app/deps.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';

/**
 * Audit entries of the organisation: changes to units (and their meeting points) go to the
 * unit's chain, changes to a council and to who holds which role in it go to the council's.
 * Awaited before the answer, as the sitting's entries are: a change nobody can trace back
 * is not acknowledged.
 */
export async function auditUnit(deps: Pick<Deps, 'models'>, actorId: string, unitId: string, action: string, subject: { kind: string; id: string }, data: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(deps, { chain: chains.unit(unitId), actorId, action, subject, data });
}

export async function auditCouncil(deps: Pick<Deps, 'models'>, actorId: string, councilId: string, action: string, subject: { kind: string; id: string }, data: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(deps, { chain: chains.council(councilId), actorId, action, subject, data });
}

import type { Deps } from '../app/deps.js';
import { appendAudit } from '../audit/append.js';
import { sittingAuditInput, type PendingAudit } from './effects.js';
import { chains } from '../audit/chains.js';

/** How far back a start-up looks for a change whose audit entry never reached the chain. */
const LOOK_BACK_MS = 7 * 24 * 3600_000;

/**
 * At start-up: a sitting's last change carries its audit entry (pendingAudit, written in the
 * same document as the change). If the process died between the change and the append, the
 * chain lacks that entry: append it now, marked `recovered`. Only the last change of a sitting
 * can be missing (a change's entry is appended before the sitting's next change, store.ts). Returns how many.
 * In a cluster, a process taking a sitting over does this for that sitting (app/ownership.ts).
 */
export async function recoverSittingAudit(deps: Deps, sittingId?: string): Promise<number> {
  const since = new Date(Date.now() - LOOK_BACK_MS).toISOString();
  const sittings = await deps.models.Sitting.find({ 'pendingAudit.at': { $gt: since }, ...(sittingId ? { _id: sittingId } : {}) }, { pendingAudit: 1 }).lean();
  let recovered = 0;
  for (const s of sittings) {
    const p = s.pendingAudit as PendingAudit | null;
    if (!p) continue;
    const chain = chains.sitting(String(s._id));
    const since = performance.now();
    if (await deps.models.AuditEntry.exists({ chain, action: p.action, 'data.version': p.version })) continue;
    await appendAudit(deps, sittingAuditInput(String(s._id), p, since, { recovered: true }));
    deps.log.warn({ sittingId: String(s._id), version: p.version, action: p.action }, 'audit entry lost in a crash appended at start-up');
    recovered++;
  }
  return recovered;
}

import type { Deps } from '../app/deps.js';
import { unavailable } from '../platform/cluster/rpc.js';
import { sittingKey } from './owner.js';
import { recoverSittingAudit } from './auditRecovery.js';

const RECENT_COMMANDS = 1000;
/**
 * Claims kept behind a sitting's newest version. A process whose read is older than that
 * finds the sitting moved on when it writes (its compare-and-swap matches nothing) and only a
 * claim just above the sitting's version is ever rolled forward, so older claims only take
 * room — each carries what its version set, a large council's whole attendance included.
 */
export const KEPT_CLAIMS = 100;
type RecentEntry = { key?: string; payloadHash?: string; commandId: string; version: number };

/**
 * Cluster mode only (several processes on one database): before a sitting's version v is
 * written, its claim `<sittingId>:v` is inserted; the unique `_id` lets exactly one process
 * have it. So the compare-and-swap holds across processes even on FerretDB, whose conditional
 * update alone does not. A loser rolls the winner's version forward (in case the winner died
 * before writing it) and reloads. An owner that finds a higher fencing token in the sitting
 * has been superseded by a newer owner and stops (`not_ready`: the client resends there); so
 * does a command's process that no longer holds the lease (`ownerOnly`).
 * Returns the fencing token to write with the version, or null when the claim was lost.
 */
export async function claimVersion(deps: Deps, d: { _id: unknown; version: number; fence?: number }, set: object, recent: RecentEntry | null, ownerOnly: boolean): Promise<number | null> {
  if (!deps.cluster) return 0;
  const sittingId = String(d._id);
  const held = deps.cluster.fenceOf(sittingKey(sittingId));
  // An owner whose lease lapsed while a command waited (cut off, then back) applies nothing more.
  if (ownerOnly && held === null) throw unavailable();
  if (held !== null && (d.fence ?? 0) > held) throw unavailable();
  const fence = held ?? d.fence ?? 0;
  const version = d.version + 1;
  try {
    await deps.models.SittingVersion.create({ _id: `${sittingId}:${version}`, sittingId, version, fence, set, recent });
    if (version % KEPT_CLAIMS === 0) {
      void pruneClaims(deps, sittingId, version).catch((err: unknown) => deps.log.warn({ err, sittingId, version }, 'cluster: old version claims not pruned (retried at the next hundred)'));
    }
    return fence;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    await rollForward(deps, sittingId, version);
    return null;
  }
}

/** Writes a claimed version into the sitting if its claimer did not (it died or was cut off in between), with its audit entry. */
export async function rollForward(deps: Deps, sittingId: string, version: number): Promise<void> {
  const claim = await deps.models.SittingVersion.findById(`${sittingId}:${version}`).lean();
  if (!claim) return;
  const d = await deps.models.Sitting.findById(sittingId, { version: 1, recentCommands: 1 }).lean<{ version: number; recentCommands: RecentEntry[] }>();
  if (!d || d.version !== version - 1) return;
  const recentCommands = claim.recent ? [...d.recentCommands, claim.recent as RecentEntry].slice(-RECENT_COMMANDS) : d.recentCommands;
  await deps.models.Sitting.updateOne({ _id: sittingId, version: version - 1 }, { $set: { ...(claim.set as object), version, fence: claim.fence, recentCommands } });
  deps.log.warn({ sittingId, version }, 'cluster: a claimed sitting version was rolled forward');
  // Its claimer may never append the version's audit entry (cut off, or it finds its command
  // applied and answers it as a resend): append it here, once (appendAudit's `once` key).
  await recoverSittingAudit(deps, sittingId);
}

/** Removes a sitting's claims more than KEPT_CLAIMS versions behind `version`. */
export async function pruneClaims(deps: Deps, sittingId: string, version: number): Promise<number> {
  const { deletedCount } = await deps.models.SittingVersion.deleteMany({ sittingId, version: { $lte: version - KEPT_CLAIMS } });
  return deletedCount;
}

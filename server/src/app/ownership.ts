import type { Deps } from './deps.js';
import type { ClusterLink } from '../platform/cluster/start.js';
import { Owners } from '../platform/cluster/owners.js';
import { sittingKey, sittingOfKey } from '../sitting/owner.js';
import { applyAndRecord, type SittingCommandCall } from '../sitting/run.js';
import { rollForward } from '../sitting/versionClaim.js';
import { recoverSittingAudit } from '../sitting/auditRecovery.js';
import { voteHere, openHere, closeHere, type VoteCall, type PollCall } from '../poll/commands.js';
import { resumeTimers, stopTimers } from '../poll/timer.js';

/**
 * Cluster mode: which commands run on a sitting's owner process, and what taking a sitting
 * over and losing it mean. A new owner picks the sitting up from the database alone: a version
 * claimed but not written is rolled forward, a lost audit entry appended, the open rounds'
 * timers armed. (Everything else it needs — the close gate's closures, the ballots — is in the
 * database already.)
 */
export function sittingOwners(deps: Deps, link: ClusterLink): Owners {
  const owners = new Owners(link.leases, link.rpc, {
    async minFence(key) {
      const s = await deps.models.Sitting.findById(sittingOfKey(key), { fence: 1 }).lean<{ fence?: number }>();
      return (s?.fence ?? 0) + 1;
    },
    async taken(key, fence) {
      const id = sittingOfKey(key);
      const s = await deps.models.Sitting.findById(id, { version: 1 }).lean<{ version: number }>();
      if (s) await rollForward(deps, id, s.version + 1);
      await recoverSittingAudit(deps, id);
      await resumeTimers(deps, id);
      deps.log.info({ sittingId: id, fence, nodeId: link.nodeId }, 'cluster: this process owns the sitting now');
    },
    lost(key) {
      stopTimers(deps, sittingOfKey(key));
    },
  }, deps.log);
  owners.handle('sitting.apply', (c: SittingCommandCall) => sittingKey(c.payload.sittingId), (c) => applyAndRecord(deps, c));
  owners.handle('poll.vote', (c: VoteCall) => sittingKey(c.sittingId), (c) => voteHere(deps, c));
  owners.handle('poll.open', (c: PollCall) => sittingKey(c.sittingId), (c) => openHere(deps, c));
  owners.handle('poll.close', (c: PollCall) => sittingKey(c.sittingId), (c) => closeHere(deps, c));
  return owners;
}

/**
 * Every sitting under way has an owner even when nobody sends a command: a process whose owner
 * died would otherwise leave a poll's timer unarmed. Every `everyMs` (after a random pause, so
 * processes spread the sittings between them) each unowned open sitting is adopted.
 */
export function sweepSittings(deps: Deps, owners: Owners, everyMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout;
  const sweep = async () => {
    try {
      const open = await deps.models.Sitting.find({ status: 'open' }, { _id: 1 }).lean();
      for (const s of open) {
        if (stopped) return;
        await owners.adopt(sittingKey(String(s._id))).catch(() => false);
      }
    } catch (err) {
      deps.log.warn({ err }, 'cluster: the sweep for unowned sittings failed');
    }
    if (!stopped) timer = setTimeout(() => void sweep(), everyMs / 2 + Math.random() * everyMs).unref();
  };
  timer = setTimeout(() => void sweep(), Math.random() * everyMs).unref();
  return () => { stopped = true; clearTimeout(timer); };
}

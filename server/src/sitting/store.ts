import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { SittingCommandName, SittingDelta, SittingSnapshot } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { handlers, type CommandContext } from './commands.js';
import { toSittingState, type LiveState, type SittingIdentity } from './state.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { FreshRead } from '../platform/shared/freshRead.js';
import { auditRecordOf, sittingAuditInput } from './effects.js';
import { appendAudit } from '../audit/append.js';
import { commandContext } from './context.js';
import { councilRules } from '../council/rules.js';
import type { Actor } from '../council/actor.js';
import { assertStatusAllows } from './commandTable.js';
import { quorumOf, type QuorumRules } from '../council/quorum.js';
import { sittingMeetingPoints } from './meetingPoints.js';
import { claimVersion } from './versionClaim.js';
import { LastWritten } from './lastWritten.js';
import { sittingKey } from './owner.js';

const RECENT_COMMANDS = 1000;
const MAX_RETRIES = 50;

export interface Applied {
  version: number;
  /** Null when the command changed nothing or was a resend. */
  delta: SittingDelta | null;
  /** Present when the state changed: what side effects (audit, questions) need. */
  change?: { sessionId: string; before: LiveState; after: LiveState };
}

/** An applied command as remembered for resends: whose, which, with what (see replayKey). */
type Recent = { key?: string; payloadHash?: string; commandId: string; version: number };
type Doc = { _id: Types.ObjectId; version: number; fence?: number; recentCommands: Recent[] } & LiveState & SittingIdentityDoc;
type SittingIdentityDoc = { sessionId: Types.ObjectId; councilId: Types.ObjectId; title: string; closedDoors: boolean; agendaItemIds?: string[]; meetingPointIds?: Types.ObjectId[]; date?: string | null; startTime?: string | null; venue?: string };

const identityOf = (d: Doc, meetingPoints: SittingIdentity['meetingPoints']): SittingIdentity => ({ id: String(d._id), sessionId: String(d.sessionId), councilId: String(d.councilId), title: d.title, closedDoors: d.closedDoors, agendaItemIds: d.agendaItemIds ?? [], meetingPoints, date: d.date ?? null, startTime: d.startTime ?? null, venue: d.venue ?? '' });
const liveOf = (d: Doc): LiveState => ({ status: d.status, closedDoors: !!d.closedDoors, currentItemId: d.currentItemId, attendance: d.attendance, queue: d.queue, speaking: d.speaking, speechCounts: d.speechCounts });

/** Concurrent snapshots of one sitting share their reads (a hall re-joining at once). */
const snapshots = new WeakMap<Deps, FreshRead<SittingSnapshot>>();

export function snapshot(deps: Deps, sittingId: string): Promise<SittingSnapshot> {
  let reads = snapshots.get(deps);
  if (!reads) snapshots.set(deps, (reads = new FreshRead()));
  return reads.read(sittingId, () => readSnapshot(deps, sittingId));
}

async function readSnapshot(deps: Deps, sittingId: string): Promise<SittingSnapshot> {
  // Without the resend memory (up to 1000 entries): a snapshot does not need it, and a
  // reconnecting hall asks for hundreds of snapshots at once.
  const d = await loadDoc(deps, sittingId, { recentCommands: 0, pendingAudit: 0 });
  const { quorum } = await councilRules(deps, d.councilId);
  return { version: d.version, state: toSittingState(identityOf(d, await sittingMeetingPoints(deps, d.meetingPointIds ?? [])), liveOf(d), quorum) };
}

async function loadDoc(deps: Deps, sittingId: string, projection?: Record<string, 0>): Promise<Doc> {
  const d = await deps.models.Sitting.findById(sittingId, projection).lean<Doc>();
  if (!d) throw errors.notFound('phiên họp');
  return d;
}

/**
 * Applies a command by compare-and-swap on the sitting's version: read, compute with the pure
 * handler, replace only if nobody changed it meanwhile, else retry. Order: the sender's
 * roles (the command table), then resends, then the sitting's status, then the handler.
 * A resend is the same sender's same command with the same id and payload: it returns the
 * version it produced, without applying again. The same id from another sender or for
 * another command is another command; the same sender reusing an id for another payload is
 * refused (`conflict`) rather than answered as done.
 */
const queue = new KeyedQueue();
/** Per process (and per test server): what this process last wrote of each sitting. */
const lastWritten = new WeakMap<Deps['models'], LastWritten<Doc>>();
function lastWrittenOf(deps: Deps): LastWritten<Doc> {
  let w = lastWritten.get(deps.models);
  if (!w) lastWritten.set(deps.models, (w = new LastWritten<Doc>()));
  return w;
}
/**
 * In a cluster, only what this process wrote under the lease it holds now: an owner that lost
 * the sitting and took it back may have missed a resend recorded meanwhile without a new
 * version (a command that changed nothing), which its version check alone would not notice.
 */
function rememberedFor(deps: Deps, written: LastWritten<Doc>, sittingId: string): Doc | undefined {
  const doc = written.get(sittingId);
  if (!doc || !deps.cluster) return doc;
  return doc.fence !== undefined && doc.fence === deps.cluster.fenceOf(sittingKey(sittingId)) ? doc : undefined;
}

/** Resends are recognised per sender and command, never by the id alone. */
const replayKey = (userId: string, name: SittingCommandName, commandId: string) => `${userId}|${name}|${commandId}`;
const payloadHashOf = (payload: object) => createHash('sha256').update(JSON.stringify({ ...payload, commandId: undefined })).digest('base64url').slice(0, 22);
const idReused = () => errors.conflict('Mã lệnh này đã được dùng cho một thao tác khác; hãy thực hiện lại thao tác. / This command id was already used for another action; please do it again.');

/**
 * Applies one sitting command sent by `actor`, whom the dispatcher has authorised for it
 * (contract/commands.ts); the sitting's status and the data decide the rest.
 */
export function applyCommand(deps: Deps, name: SittingCommandName, payload: { sittingId: string; commandId: string }, actor: Actor): Promise<Applied> {
  return queue.run(payload.sittingId, () => applyNow(deps, name, payload, actor));
}

async function applyNow(deps: Deps, name: SittingCommandName, payload: { sittingId: string; commandId: string }, actor: Actor): Promise<Applied> {
  const key = replayKey(actor.userId, name, payload.commandId);
  const payloadHash = payloadHashOf(payload);
  return swap(deps, payload.sittingId, { action: name, actorId: actor.userId }, (d, ctx) => {
    const seen = d.recentCommands.find((c) => c.key === key);
    if (seen) {
      if (seen.payloadHash !== payloadHash) throw idReused();
      return { replayedVersion: seen.version };
    }
    assertStatusAllows(name, d.status);
    const after = handlers[name](liveOf(d), payload, actor, ctx);
    return { after, recent: { key, payloadHash, commandId: payload.commandId } };
  });
}

/**
 * A change the server makes itself (a personal device's link dropped or came back): the same
 * compare-and-swap, delta and audit as a command, without a sender's command id. `compute`
 * returns the state unchanged when there is nothing to do.
 */
export function applySystemChange(deps: Deps, sittingId: string, who: { action: string; actorId: string; audit: boolean }, compute: (live: LiveState, ctx: CommandContext) => LiveState): Promise<Applied> {
  return queue.run(sittingId, () => swap(deps, sittingId, who, (d, ctx) => ({ after: compute(liveOf(d), ctx) })));
}

type Step = { replayedVersion: number } | { after: LiveState; recent?: Omit<Recent, 'version'> };

async function swap(deps: Deps, sittingId: string, who: { action: string; actorId: string; audit?: boolean }, step: (d: Doc, ctx: CommandContext) => Step): Promise<Applied> {
  const lost = { claims: 0, writes: 0, version: 0 };
  const written = lastWrittenOf(deps);
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    const remembered = rememberedFor(deps, written, sittingId);
    const d = remembered ?? await loadDoc(deps, sittingId);
    const ctx = await commandContext(deps, { id: String(d._id), sessionId: d.sessionId, councilId: d.councilId, agendaItemIds: d.agendaItemIds ?? [], meetingPointIds: d.meetingPointIds ?? [], closedDoors: d.closedDoors });
    let next: Step;
    try {
      next = step(d, ctx);
    } catch (err) {
      // Refused on a remembered state: decided again on the database's (lastWritten.ts).
      if (remembered) { written.drop(sittingId); continue; }
      throw err;
    }
    // A resend found in the resend memory was applied, whatever happened since.
    if ('replayedVersion' in next) return { version: next.replayedVersion, delta: null };
    const before = liveOf(d);
    const after = next.after;
    const changed = after !== before;
    if (!changed && !next.recent) {
      if (remembered) { written.drop(sittingId); continue; }
      return { version: d.version, delta: null };
    }
    const version = changed ? d.version + 1 : d.version;
    const recentCommands = next.recent ? [...d.recentCommands, { ...next.recent, version }].slice(-RECENT_COMMANDS) : d.recentCommands;
    // The audit entry travels with the change in the same document (see auditRecovery.ts).
    const pendingAudit = changed && who.audit !== false ? auditRecordOf({ name: who.action, version, actorId: who.actorId, before, after }) : undefined;
    // Only the fields the command changed: a sitting of a large council is hundreds of kB of attendance.
    const set = { ...changedLive(before, after), ...(pendingAudit ? { pendingAudit } : {}) };
    // Several processes (cluster mode): the version is claimed first (versionClaim.ts).
    // A command runs on the sitting's owner only; a change the server makes itself runs where its socket is.
    const since = performance.now();
    const fence = changed ? await claimVersion(deps, d, set, next.recent ? { ...next.recent, version } : null, !!next.recent) : d.fence ?? 0;
    lost.version = version;
    const res = fence === null ? { matchedCount: 0 } : await deps.models.Sitting.updateOne(
      { _id: d._id, version: d.version },
      { $set: { ...set, version, recentCommands, ...(deps.cluster ? { fence } : {}) } },
    );
    if (fence !== null && res.matchedCount === 1) {
      written.set(sittingId, { ...d, ...set, version, recentCommands, ...(deps.cluster ? { fence } : {}) });
      if (!changed) return { version, delta: null };
      // Appended before the next change of this sitting is computed (the swap runs in the
      // sitting's queue): so only a sitting's last change can lack its entry after a crash or a
      // take-over (auditRecovery.ts), and the entry's `once` look-up is never skipped wrongly
      // (see AuditInput.once).
      if (pendingAudit) await appendAudit(deps, sittingAuditInput(sittingId, pendingAudit, since));
      if (before.status === 'draft' && after.status === 'published') await publishSession(deps, d.sessionId);
      const patch = changedFields(before, after, ctx.quorumRules);
      return { version, delta: { sittingId, version, command: who.action, patch }, change: { sessionId: String(d.sessionId), before, after } };
    }
    written.drop(sittingId);
    if (fence === null) lost.claims++;
    else lost.writes++;
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
  }
  deps.log.error({ sittingId, action: who.action, ...lost }, 'sitting: a change lost every compare-and-swap; answered as busy');
  throw errors.conflict('Hệ thống đang bận, vui lòng thử lại. / Too many concurrent changes; please retry.');
}

/**
 * Publishing a sitting makes its session known too: a session created as a draft (seen only
 * by its staff) becomes published, so delegates see it listed with its published sittings.
 */
async function publishSession(deps: Deps, sessionId: Types.ObjectId): Promise<void> {
  await deps.models.CouncilSession.updateOne({ _id: sessionId, status: 'draft' }, { $set: { status: 'published' } });
}

/** The live fields whose value a command replaced (handlers return new values only for what they change). */
function changedLive(before: LiveState, after: LiveState): Partial<LiveState> {
  const out: Partial<LiveState> = {};
  for (const k of Object.keys(after) as Array<keyof LiveState>) if (after[k] !== before[k]) (out as Record<string, unknown>)[k] = after[k];
  return out;
}

/** The live fields a command changed (the sitting's identity never changes by a command). */
function changedFields(before: LiveState, after: LiveState, rules: QuorumRules): SittingDelta['patch'] {
  const patch: SittingDelta['patch'] = {};
  if (before.status !== after.status) patch.status = after.status;
  if (before.closedDoors !== after.closedDoors) patch.closedDoors = after.closedDoors;
  if (before.currentItemId !== after.currentItemId) patch.currentItemId = after.currentItemId;
  if (before.attendance !== after.attendance) { patch.attendance = after.attendance; patch.quorum = quorumOf(after.attendance, rules); }
  if (before.queue !== after.queue) patch.queue = after.queue;
  if (before.speaking !== after.speaking) patch.speaking = after.speaking;
  return patch;
}

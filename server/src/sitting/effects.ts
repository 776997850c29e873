import { Types } from 'mongoose';
import type { FloorRequest } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import type { LiveState } from './state.js';
import { chains } from '../audit/chains.js';

/**
 * What follows an applied command besides its audit entry (appended by the swap itself,
 * store.ts): question (chất vấn) records.
 */
export async function afterCommand(deps: Deps, p: { name: string; sittingId: string; version: number; actorId: string; sessionId: string; before: LiveState; after: LiveState }) {
  await recordQuestions(deps, p);
}

/** What the audit chain records of an applied command (stored first as the sitting's pendingAudit). */
export interface PendingAudit { version: number; action: string; actorId: string; data: Record<string, string | number | null>; at: string }

export function auditRecordOf(p: { name: string; version: number; actorId: string; before: LiveState; after: LiveState }): PendingAudit {
  return { version: p.version, action: p.name, actorId: p.actorId, data: { version: p.version, ...summary(p.before, p.after), ...onBehalf(p) }, at: new Date().toISOString() };
}

/** A request made for another delegate (a meeting point's operator): whose it is, and for which room. */
function onBehalf(p: { actorId: string; before: LiveState; after: LiveState }): Record<string, string | null> {
  const was = new Set(p.before.queue.map((q) => q.requestId));
  const added = p.after.queue.find((q) => !was.has(q.requestId));
  return added && added.userId !== p.actorId ? { onBehalfOf: added.userId, meetingPointId: added.meetingPointId } : {};
}

/** `since`: a performance.now() taken before the change was written (see AuditInput.once). */
export function sittingAuditInput(sittingId: string, r: PendingAudit, since: number, extra: Record<string, boolean> = {}) {
  return {
    chain: chains.sitting(sittingId), actorId: r.actorId, action: r.action, subject: { kind: 'sitting' as const, id: sittingId }, data: { ...r.data, ...extra },
    // A take-over appends a lost entry (auditRecovery.ts) while the cut-off owner may still append it.
    once: { match: { action: r.action, 'data.version': r.version }, since },
  };
}

/** Which parts changed, with their new values in brief (no secrets live in sitting state). */
function summary(before: LiveState, after: LiveState): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (before.status !== after.status) out.status = after.status;
  // When the doors closed and opened again: the minutes and the recording's chapters read it.
  if (before.closedDoors !== after.closedDoors) out.doors = after.closedDoors ? 'closed' : 'public';
  if (before.currentItemId !== after.currentItemId) out.currentItemId = after.currentItemId;
  if (before.attendance !== after.attendance) out.attendance = after.attendance.length;
  if (before.queue !== after.queue) out.queue = after.queue.length;
  if (before.speaking !== after.speaking) {
    out.speaking = after.speaking?.userId ?? null;
    // speak, debate or question: the minutes name each turn for what it was.
    out.speakingKind = after.speaking?.kind ?? null;
  }
  return out;
}

async function recordQuestions(deps: Deps, p: Parameters<typeof afterCommand>[1]) {
  const { Question } = deps.models;
  const wasQueued = new Map(p.before.queue.map((q) => [q.requestId, q]));
  const added = p.after.queue.filter((q) => q.kind === 'question' && !wasQueued.has(q.requestId));
  for (const q of added) await createQuestion(deps, p, q);
  if (p.name === 'floor:withdraw') {
    const gone = p.before.queue.filter((q) => q.kind === 'question' && !p.after.queue.some((a) => a.requestId === q.requestId));
    await Question.deleteMany({ requestId: { $in: gone.map((q) => q.requestId) }, status: 'asked' });
  }
  const ended = p.before.speaking && p.before.speaking !== p.after.speaking && p.before.speaking.kind === 'question' ? p.before.speaking : null;
  if (ended) await Question.updateOne({ requestId: ended.requestId, status: 'asked' }, { $set: { status: 'answered_orally' } });
  if (p.after.status === 'closed' && p.before.status !== 'closed') {
    // Questions not reached are kept for a written answer.
    const unreached = p.before.queue.filter((q) => q.kind === 'question').map((q) => q.requestId);
    await Question.updateMany({ requestId: { $in: unreached }, status: 'asked' }, { $set: { status: 'awaiting_written_answer' } });
  }
}

async function createQuestion(deps: Deps, p: { sittingId: string; sessionId: string }, q: FloorRequest) {
  try {
    await deps.models.Question.create({
      sessionId: new Types.ObjectId(p.sessionId), sittingId: new Types.ObjectId(p.sittingId), requestId: q.requestId,
      askedBy: new Types.ObjectId(q.userId), official: q.official ?? '', agendaItemId: q.agendaItemId ? new Types.ObjectId(q.agendaItemId) : null,
      askedAt: new Date(q.requestedAt),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // already recorded
  }
}

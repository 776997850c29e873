import { Types } from 'mongoose';
import type { SittingCommandName, FloorRequest } from '../../../contract/sitting.js';
import type { Deps } from '../deps.js';
import { appendAudit } from '../audit/append.js';
import type { LiveState } from './state.js';

/**
 * What follows an applied command: the audit entry, and question (chất vấn) records.
 * Runs after the state swap; if the process dies in between, the state is still right and
 * the audit chain misses that entry (noted in the README's audit section).
 */
export async function afterCommand(deps: Deps, p: { name: SittingCommandName; sittingId: string; version: number; actorId: string; sessionId: string; before: LiveState; after: LiveState }) {
  await appendAudit(deps, {
    chain: `sitting:${p.sittingId}`,
    actorId: p.actorId,
    action: p.name,
    subject: { kind: 'sitting', id: p.sittingId },
    data: { version: p.version, ...summary(p.before, p.after) },
  });
  await recordQuestions(deps, p);
}

/** Which parts changed, with their new values in brief (no secrets live in sitting state). */
function summary(before: LiveState, after: LiveState): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (before.status !== after.status) out.status = after.status;
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

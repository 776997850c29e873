import { Types } from 'mongoose';
import type { PollDeleted, PollUpdate, PollView } from '../../../contract/poll.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { audit, checkedOptions, checkPollFields, forgetPoll, loadPoll, requireRole, viewOf, type PollDoc } from './lifecycle.js';
import { findPoll } from './pollDoc.js';
import { destroyPollKey } from './receipt.js';

/**
 * A draft poll is the secretariat's (and the chair's) to edit or delete until the chair opens
 * it; from then on it keeps what its ballots were cast on, and stays on record.
 */
const notDraft = (p: PollDoc, doing: 'sửa' | 'xóa', doingEn: 'edited' | 'deleted') =>
  errors.conflict(
    `Không thể ${doing} cuộc biểu quyết “${p.title}”: cuộc biểu quyết đã được mở (trạng thái: ${STATUS_VI[p.status] ?? p.status}), chỉ ${doing} được bản nháp. / The poll has been opened (status: ${p.status}); only a draft can be ${doingEn}.`,
  );
const STATUS_VI: Record<string, string> = { open: 'đang biểu quyết', closed: 'đã kết thúc', published: 'đã công bố' };

/** The fields poll:update replaces, as stored. */
function fieldsOf(input: PollUpdate) {
  return {
    agendaItemId: input.agendaItemId ? new Types.ObjectId(input.agendaItemId) : null, title: input.title, kind: input.kind, secret: input.secret,
    options: checkedOptions(input), maxChoices: input.maxChoices, threshold: input.threshold, countingCommittee: input.countingCommittee,
  };
}

/** Names of the fields whose value `next` changes. */
function changedFields(p: PollDoc, next: ReturnType<typeof fieldsOf>): string[] {
  const now: Record<string, unknown> = {
    agendaItemId: p.agendaItemId ? String(p.agendaItemId) : null, title: p.title, kind: p.kind, secret: p.secret,
    options: p.options.map((o) => ({ key: o.key, label: o.label })), maxChoices: p.maxChoices, threshold: p.threshold, countingCommittee: [...(p.countingCommittee ?? [])],
  };
  const after: Record<string, unknown> = { ...next, agendaItemId: next.agendaItemId ? String(next.agendaItemId) : null, options: next.options.map((o) => ({ key: o.key, label: o.label })) };
  return Object.keys(after).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(after[k]));
}

/**
 * poll:update — a draft's fields replaced whole. Idempotent by command id: the draft keeps the
 * id of the last update applied, and a resend of it answers with the poll as it is (even once
 * opened since) without writing or auditing again.
 */
export async function updatePoll(deps: Deps, input: PollUpdate, userId: string): Promise<PollView> {
  const p = await loadPoll(deps, input.pollId);
  await requireRole(deps, userId, p.councilId, ['chair', 'secretariat'], 'sửa cuộc biểu quyết');
  if (p.updateCommandId === input.commandId) return viewOf(deps, p); // a resend
  if (p.status !== 'draft') throw notDraft(p, 'sửa', 'edited');
  const next = fieldsOf(input);
  const sitting = await deps.models.Sitting.findById(p.sittingId, { sessionId: 1 }).lean();
  if (!sitting) throw errors.notFound('phiên họp');
  await checkPollFields(deps, sitting.sessionId, input, next.options);
  const changed = changedFields(p, next);
  const res = await deps.models.Poll.updateOne({ _id: p._id, status: 'draft', round: p.round }, { $set: { ...next, updateCommandId: input.commandId } });
  if (res.matchedCount !== 1) {
    // Opened (or deleted) between the read and the write.
    const now = await findPoll(deps, input.pollId);
    if (!now) throw errors.notFound('cuộc biểu quyết');
    if (now.updateCommandId !== input.commandId) throw notDraft(now, 'sửa', 'edited');
    return viewOf(deps, now);
  }
  const after = await loadPoll(deps, input.pollId);
  await audit(deps, after, userId, 'poll:updated', { pollId: input.pollId, kind: after.kind, secret: after.secret, changed: changed.join(',') });
  return viewOf(deps, after);
}

/**
 * poll:delete — a draft only. The draft, its receipt key and its cached copy go; the sitting's
 * audit chain keeps its creation and now its deletion (with the title and the command id).
 * Idempotent by command id: a resend after the deletion finds that entry and answers the same.
 */
export async function deletePoll(deps: Deps, pollId: string, commandId: string, userId: string): Promise<PollDeleted> {
  const p = await findPoll(deps, pollId);
  if (!p) return deletedBefore(deps, pollId, commandId, userId);
  await requireRole(deps, userId, p.councilId, ['chair', 'secretariat'], 'xóa cuộc biểu quyết');
  if (p.status !== 'draft') throw notDraft(p, 'xóa', 'deleted');
  const res = await deps.models.Poll.deleteOne({ _id: p._id, status: 'draft' });
  forgetPoll(deps, pollId);
  if (res.deletedCount !== 1) {
    const now = await findPoll(deps, pollId);
    if (now) throw notDraft(now, 'xóa', 'deleted');
    return deletedBefore(deps, pollId, commandId, userId); // another delete won
  }
  await destroyPollKey(deps, pollId);
  const sittingId = String(p.sittingId);
  await audit(deps, p, userId, 'poll:deleted', { pollId, sittingId, title: p.title, kind: p.kind, secret: p.secret, commandId });
  return { pollId, sittingId };
}

/** A poll already gone: deleted by this very command (a resend), else not found. */
async function deletedBefore(deps: Deps, pollId: string, commandId: string, userId: string): Promise<PollDeleted> {
  if (Types.ObjectId.isValid(pollId)) {
    const entry = await deps.models.AuditEntry.findOne({ action: 'poll:deleted', 'subject.id': new Types.ObjectId(pollId), 'data.commandId': commandId }).lean();
    if (entry && String(entry.actorId) === userId) return { pollId, sittingId: String((entry.data as { sittingId?: unknown }).sittingId) };
  }
  throw errors.notFound('cuộc biểu quyết');
}

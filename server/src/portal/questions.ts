import type { Types } from 'mongoose';
import type { PublicQuestion } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';

type Status = PublicQuestion['status'];

/** The questions (chất vấn) put in a sitting, with their answers and commitments, in the order asked. */
export async function publicQuestionsOf(deps: Deps, sittingId: Types.ObjectId): Promise<PublicQuestion[]> {
  const qs = await deps.models.Question.find({ sittingId }).sort({ askedAt: 1 }).lean();
  if (qs.length === 0) return [];
  const users = await deps.models.User.find({ _id: { $in: [...new Set(qs.map((q) => String(q.askedBy)))] } }, { displayName: 1 }).lean();
  const names = new Map(users.map((u) => [String(u._id), u.displayName ?? '']));
  return qs.map((q) => ({
    id: String(q._id), agendaItemId: q.agendaItemId ? String(q.agendaItemId) : null, askedByName: names.get(String(q.askedBy)) ?? '', official: q.official,
    status: q.status as Status, askedAt: q.askedAt.toISOString(),
    answer: q.answer?.text ? { mode: q.answer.mode === 'written' ? 'written' : 'oral', text: q.answer.text, at: q.answer.at ? q.answer.at.toISOString() : '' } : null,
    commitments: (q.commitments ?? []).map((c) => ({ text: c.text ?? '', dueDate: c.dueDate ? c.dueDate.toISOString().slice(0, 10) : null })),
  }));
}

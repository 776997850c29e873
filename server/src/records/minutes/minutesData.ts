import { Types } from 'mongoose';
import { fromOwnDevice, type AttendanceEntry } from '../../../../contract/sitting.js';
import type { HeldItem, MinutesData, PresentedDocument, QuestionRecord, SpeechRecord } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { councilRules } from '../../council/rules.js';
import { quorumOf } from '../../council/quorum.js';
import { verifyChain } from '../../audit/verify.js';
import { linkVersions } from '../../document/versions.js';
import { secondsBetween, sittingTimeline, type TurnSpan } from './timeline.js';
import { toPollRecord, type StoredClosure, type StoredPoll } from './pollRecord.js';
import { chains } from '../../audit/chains.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const oid = (id: string) => new Types.ObjectId(id);

async function namesOf(deps: Deps, ids: Iterable<string>): Promise<Map<string, string>> {
  const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
  const users = await deps.models.User.find({ _id: { $in: valid.map(oid) } }, { displayName: 1, login: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.displayName || u.login]));
}

type QuestionLean = { _id: unknown; askedBy: unknown; official: string; status: string; askedAt: Date; answer?: { mode?: string | null; text?: string | null } | null; commitments: Array<{ text?: string | null; dueDate?: Date | null }> };

/** A turn carried a question when its speaker had asked one (in order) that was answered at the floor. */
function matchQuestions(turns: TurnSpan[], questions: QuestionLean[]): Map<TurnSpan, QuestionLean> {
  const open = questions.filter((q) => q.status === 'asked' || q.status === 'answered_orally' || q.answer?.mode === 'oral')
    .sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
  const matched = new Map<TurnSpan, QuestionLean>();
  for (const turn of turns) {
    const i = open.findIndex((q) => String(q.askedBy) === turn.userId && q.askedAt.getTime() <= turn.startedAt.getTime() + 1000);
    if (i >= 0) matched.set(turn, open.splice(i, 1)[0]!);
  }
  return matched;
}

/**
 * Gathers what happened in a sitting, from the records themselves: the sitting's state
 * (attendance), its audit chain (times of the agenda and of every turn at the floor), the
 * questions with answers and commitments, every closed poll round, and the documents of the
 * items taken up (with versions and SHA-256). Documents attached to no item count as the
 * general dossier and are listed too.
 */
export async function gatherMinutesData(deps: Deps, sittingId: string, now = new Date(), secretaryId: string | null = null): Promise<MinutesData> {
  const sitting = Types.ObjectId.isValid(sittingId) ? await deps.models.Sitting.findById(sittingId).lean() : null;
  if (!sitting) throw errors.notFound('phiên họp');
  const [council, session, rules] = await Promise.all([
    deps.models.Council.findById(sitting.councilId).lean(),
    deps.models.CouncilSession.findById(sitting.sessionId).lean(),
    councilRules(deps, sitting.councilId),
  ]);
  if (!council || !session) throw errors.notFound('hội đồng hoặc kỳ họp');
  const chain = chains.sitting(sittingId);
  const [entries, verdict, delegates, items, questions, polls, docs] = await Promise.all([
    deps.models.AuditEntry.find({ chain }, { _id: 0, at: 1, action: 1, data: 1, actorId: 1 }).sort({ seq: 1 }).lean(),
    verifyChain(deps, chain),
    deps.models.Membership.find({ councilId: sitting.councilId, role: 'delegate' }, { userId: 1 }).lean(),
    deps.models.AgendaItem.find({ sessionId: sitting.sessionId }).lean(),
    deps.models.Question.find({ sittingId: sitting._id }).sort({ askedAt: 1 }).lean<QuestionLean[]>(),
    deps.models.Poll.find({ sittingId: sitting._id }).sort({ createdAt: 1 }).lean<StoredPoll[]>(),
    deps.models.Document.find({ sessionId: sitting.sessionId }).sort({ createdAt: 1 }).lean(),
  ]);
  const closures = polls.length ? await deps.models.PollClosure.find({ pollId: { $in: polls.map((p) => String(p._id)) } }).lean<Array<StoredClosure & { pollId: string }>>() : [];
  const attendance = sitting.attendance as unknown as AttendanceEntry[];
  const namedVoters = closures.flatMap((c) => ((c.tally as { named?: Array<{ voterId: string }> } | null)?.named ?? []).map((n) => n.voterId));
  // The chair who presided: whoever opened the sitting.
  const opener = entries.find((e) => e.action === 'sitting:setStatus' && (e.data as { status?: unknown }).status === 'open')?.actorId;
  const chairId = opener ? String(opener) : null;
  const names = await namesOf(deps, [...(chairId ? [chairId] : []), ...(secretaryId ? [secretaryId] : []), ...delegates.map((d) => String(d.userId)), ...attendance.map((a) => a.userId), ...questions.map((q) => String(q.askedBy)),
    ...entries.map((e) => (e.data as { speaking?: unknown }).speaking).filter((s): s is string => typeof s === 'string'), ...namedVoters]);
  const rooms = await deps.models.MeetingPoint.find({ _id: { $in: attendance.map((a) => a.meetingPointId).filter((m): m is string => !!m && Types.ObjectId.isValid(m)).map(oid) } }, { name: 1 }).lean();
  const roomName = new Map(rooms.map((r) => [String(r._id), r.name as string]));

  const timeline = sittingTimeline(entries.map((e) => ({ at: new Date(e.at), action: e.action, data: e.data as Record<string, unknown> })));
  const itemById = new Map(items.map((i) => [String(i._id), i]));
  const agenda: HeldItem[] = timeline.items.filter((s) => itemById.has(s.itemId)).map((s) => {
    const it = itemById.get(s.itemId)!;
    return { itemId: s.itemId, order: it.order, title: it.title, kind: it.kind, startedAt: s.startedAt.toISOString(), endedAt: iso(s.endedAt), durationSeconds: secondsBetween(s.startedAt, s.endedAt) };
  });
  const asked = matchQuestions(timeline.turns, questions);
  const speeches: SpeechRecord[] = timeline.turns.map((t) => {
    const q = asked.get(t);
    return {
      userId: t.userId, name: names.get(t.userId) ?? t.userId, kind: q ? 'question' : t.kind === 'debate' ? 'debate' : 'speech', official: q?.official ?? null,
      agendaItemId: t.itemId, agendaTitle: t.itemId ? (itemById.get(t.itemId)?.title ?? null) : null,
      startedAt: t.startedAt.toISOString(), endedAt: iso(t.endedAt), durationSeconds: secondsBetween(t.startedAt, t.endedAt),
    };
  });
  const turnOf = new Map([...asked].map(([turn, q]) => [q, turn]));
  const questionRecords: QuestionRecord[] = questions.map((q) => ({
    id: String(q._id), askedByName: names.get(String(q.askedBy)) ?? String(q.askedBy), official: q.official, status: q.status,
    answer: q.answer?.text ? { mode: q.answer.mode ?? 'oral', text: q.answer.text } : null,
    commitments: q.commitments.map((c) => ({ text: c.text ?? '', dueDate: c.dueDate ? c.dueDate.toISOString().slice(0, 10) : null })),
    durationSeconds: turnOf.has(q) ? secondsBetween(turnOf.get(q)!.startedAt, turnOf.get(q)!.endedAt) : null,
  }));

  const pollRecords = polls.flatMap((p) => closures.filter((c) => c.pollId === String(p._id)).sort((a, b) => a.round - b.round)
    .map((c) => toPollRecord(p, c, names)).filter((r) => r !== null));

  const held = new Set(agenda.map((a) => a.itemId));
  const listed = new Set(items.filter((i) => held.has(String(i._id))).flatMap((i) => (i.documentIds ?? []).map(String)));
  const documents: PresentedDocument[] = linkVersions(docs).filter((d) => (d.agendaItemId ? held.has(String(d.agendaItemId)) : true) || listed.has(String(d._id)))
    .map((d) => ({ id: String(d._id), title: d.title, kind: d.kind, version: d.version, fileName: d.fileName, sha256: d.sha256, bytes: d.bytes }));

  const delegateIds = new Set(delegates.map((d) => String(d.userId)));
  const byUser = new Map(attendance.map((a) => [a.userId, a]));
  const rows = [...new Set([...delegateIds, ...byUser.keys()])].map((userId) => {
    const a = byUser.get(userId);
    // Online from their own device: the minutes say so, with the place they gave.
    const where = a?.meetingPointId ? (roomName.get(a.meetingPointId) ?? a.meetingPointId) : a && fromOwnDevice(a) ? ['thiết bị cá nhân', a.place].filter(Boolean).join(', ') : null;
    return { userId, name: names.get(userId) ?? userId, status: a?.status ?? 'not_recorded' as const, meetingPoint: where, reason: a?.reason ?? null, at: a?.at ?? null };
  }).sort((x, y) => x.name.localeCompare(y.name, 'vi'));
  const q = quorumOf(attendance, rules.quorum);

  return {
    council: { id: String(council._id), name: council.name, electedTotal: council.electedTotal },
    session: { id: String(session._id), title: session.title, venue: session.venue ?? '' },
    sitting: { id: sittingId, title: sitting.title, closedDoors: sitting.closedDoors, status: sitting.status },
    openedAt: iso(timeline.openedAt),
    closedAt: iso(timeline.closedAt),
    attendance: rows,
    quorum: { electedTotal: q.electedTotal, required: q.required, present: q.present, met: q.met },
    agenda,
    speeches,
    questions: questionRecords,
    polls: pollRecords,
    documents,
    audit: { chain, entries: verdict.entries, head: verdict.ok ? verdict.head : null, intact: verdict.ok },
    generatedAt: now.toISOString(),
    officials: { chair: chairId ? (names.get(chairId) ?? null) : null, secretary: secretaryId ? (names.get(secretaryId) ?? null) : null },
  };
}

import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { TestServer } from './testServer.js';
import type { ClientSocket } from './sockets.js';
import { commander, playScriptedSitting } from './recordsFixtures.js';

/**
 * Test-only: the records' scripted sitting (closed, a named and a secret poll closed but not
 * yet published, questions, documents) made into a public portal's world, plus everything the
 * portal must never show, each carrying a unique SECRET_… marker in its title:
 * - the public sitting takes up items 1 and 2; its report is `public`, the other documents
 *   `council`, plus a `named` and a `confidential` one;
 * - a closed sitting (họp kín) in the same session with its own item, a published poll, a
 *   question, a public document and attendance;
 * - a draft sitting in the public session; a draft session and a cancelled one, each with a
 *   published sitting and a public document;
 * - an open public sitting (Phiên chiều) with a speaker, for the live part.
 * `publish()` publishes both polls of the public sitting (poll:publish by the chair).
 */
export async function buildPortalWorld(server: TestServer, sockets: ClientSocket[]) {
  const { deps } = server;
  const s = await playScriptedSitting(server, sockets);
  const { models } = deps;
  const sessionId = s.session._id;
  const councilId = s.cast.council._id;
  const oid = (id: string) => new Types.ObjectId(id);
  await models.Sitting.updateOne({ _id: oid(s.sittingId) }, { agendaItemIds: s.items, date: '2026-07-14', startTime: '08:00', venue: 'Hội trường tỉnh' });
  await models.Document.updateOne({ _id: oid(s.docs.report) }, { access: 'public' });
  const named = await s.addDoc({ title: 'SECRET_named_doc', access: 'named', allowedUserIds: [s.ids.bao] });
  const confidential = await s.addDoc({ title: 'SECRET_confidential_doc', access: 'confidential' });
  const generalPublic = await s.addDoc({ title: 'Thông báo chung của kỳ họp', access: 'public', kind: 'other' });
  const councilDoc = s.docs.draft2;

  // The closed sitting (họp kín) and what belongs to it only.
  const [closedItem] = await models.AgendaItem.create([{ sessionId, order: 3, title: 'SECRET_closed_item', kind: 'vote' }]);
  const closedSitting = await models.Sitting.create({
    sessionId, councilId, title: 'SECRET_closed_sitting', status: 'closed', closedDoors: true, agendaItemIds: [String(closedItem!._id)],
    attendance: [{ userId: s.ids.khanh, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }],
  });
  const closedDoc = await s.addDoc({ title: 'SECRET_closed_doc', access: 'public' });
  await models.Document.updateOne({ _id: oid(closedDoc) }, { agendaItemId: closedItem!._id });
  const closedPoll = await models.Poll.create({
    sittingId: closedSitting._id, councilId, title: 'SECRET_closed_poll', kind: 'resolution', secret: false, threshold: { kind: 'more_than_half' },
    status: 'published', round: 1, createCommandId: randomUUID(), options: [],
  });
  await models.PollClosure.create({ _id: `${String(closedPoll._id)}:1`, pollId: String(closedPoll._id), round: 1, closedAt: new Date(), tally: { ...s.tallies.named, pollId: String(closedPoll._id) } });
  await models.Question.create({ sessionId, sittingId: closedSitting._id, requestId: randomUUID(), askedBy: oid(s.ids.bao), official: 'SECRET_closed_official', askedAt: new Date() });

  const draftSitting = await models.Sitting.create({ sessionId, councilId, title: 'SECRET_draft_sitting', status: 'draft' });
  const hiddenSession = async (title: string, over: Record<string, unknown>) => {
    const session = await models.CouncilSession.create({ councilId, title, startsAt: new Date(), endsAt: new Date(), ...over });
    const sitting = await models.Sitting.create({ sessionId: session._id, councilId, title: `${title}_sitting`, status: 'published' });
    const doc = await s.addDoc({ title: `${title}_doc`, access: 'public' });
    await models.Document.updateOne({ _id: oid(doc) }, { sessionId: session._id });
    return { sessionId: String(session._id), sittingId: String(sitting._id), docId: doc };
  };
  const draftSession = await hiddenSession('SECRET_draft_session', { status: 'draft' });
  const cancelledSession = await hiddenSession('SECRET_cancelled_session', { status: 'published', cancelledAt: new Date(), cancelReason: 'SECRET_reason' });

  const item2 = s.items[1]!;
  const pointIds = (await models.Sitting.findById(s.sittingId).lean())!.meetingPointIds;
  const speaking = { requestId: randomUUID(), userId: s.ids.tuyet, kind: 'speak', official: null, agendaItemId: item2, meetingPointId: null, requestedAt: new Date().toISOString(), startedAt: new Date().toISOString(), limitSeconds: 420 };
  const liveSitting = await models.Sitting.create({
    sessionId, councilId, title: 'Phiên chiều', status: 'open', agendaItemIds: [item2], currentItemId: item2, date: '2026-07-14', startTime: '14:00',
    meetingPointIds: pointIds,
    attendance: [
      { userId: s.ids.bao, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() },
      { userId: s.ids.tuyet, status: 'online', meetingPointId: String(pointIds[0]), reason: null, at: new Date().toISOString() },
    ],
    speaking,
  });

  const chair = await commander(server, s.cast.users.chair.id, sockets);
  const publish = async () => {
    for (const pollId of [s.polls.named, s.polls.secret]) await chair('poll:publish', { pollId, commandId: randomUUID() });
  };
  return {
    ...s, councilIdStr: String(councilId), publish,
    hidden: { named, confidential, councilDoc, closedDoc, closedSittingId: String(closedSitting._id), closedPollId: String(closedPoll._id), draftSittingId: String(draftSitting._id), draftSession, cancelledSession },
    generalPublic, liveSittingId: String(liveSitting._id),
  };
}

export type PortalWorld = Awaited<ReturnType<typeof buildPortalWorld>>;

import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Ack } from '../../contract/errors.js';
import type { PollView, TallyView } from '../../contract/poll.js';
import { buildMembership, buildUser } from './factories.js';
import { connectSocket, cookieFor, type ClientSocket } from './sockets.js';
import type { TestServer } from './testServer.js';
import { buildCommentFixture } from './commentFixtures.js';
import { sendRaw } from './documentFixtures.js';

const cid = () => randomUUID();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Emit = <T>(event: string, payload: unknown) => Promise<T>;
/** Test-only: a real socket client that throws on a refused command. */
export async function commander(server: TestServer, userId: string, sockets: ClientSocket[]): Promise<Emit> {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId));
  sockets.push(s);
  return async <T>(event: string, payload: unknown) => {
    const ack = await (s as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<T>> }).emitWithAck(event, payload);
    if (!ack.ok) throw new Error(`${event}: ${ack.error} ${ack.message}`);
    return ack.data;
  };
}

/**
 * Test-only: a sitting played through the real socket commands, as the minutes should tell
 * it. Council N = 5 (quorum 4): Bảo and Hạnh in the hall, Tuyết online at a meeting point,
 * Đức in the hall, Khánh absent with a reason. Item 1: Bảo speaks (~1.2 s). Item 2: Hạnh
 * questions the Director of Finance (~1.2 s), answered with a commitment; Tuyết's question
 * is not reached. A named resolution (3 yes, 1 no) and a secret election are closed. Two
 * documents, one in two versions, belong to the items. Then the sitting closes.
 */
export async function playScriptedSitting(server: TestServer, sockets: ClientSocket[]) {
  const { deps } = server;
  const f = await buildCommentFixture(server);
  const councilId = f.cast.council._id;
  await deps.models.Council.updateOne({ _id: councilId }, { electedTotal: 5 });
  const tuyet = await buildUser(deps, { displayName: 'Nguyễn Thị Ánh Tuyết' });
  const duc = await buildUser(deps, { displayName: 'Hoàng Văn Đức' });
  const khanh = await buildUser(deps, { displayName: 'Lương Ngọc Khánh' });
  for (const u of [tuyet, duc, khanh]) await buildMembership(deps, u._id, councilId, 'delegate');
  const room = await deps.models.MeetingPoint.create({ unitId: f.cast.council.unitId, name: 'Điểm cầu xã Gia Viễn' });
  const items = await deps.models.AgendaItem.create([
    { sessionId: f.session._id, order: 1, title: 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm', kind: 'report' },
    { sessionId: f.session._id, order: 2, title: 'Chất vấn và trả lời chất vấn', kind: 'interpellation' },
  ]);
  const report = await f.addDoc({ title: 'Báo cáo kinh tế – xã hội', kind: 'review_report' });
  const draft1 = await f.addDoc({ title: 'Dự thảo Nghị quyết về ngân sách' });
  const draft2 = await f.addDoc({ title: 'Dự thảo Nghị quyết về ngân sách (sửa)', supersedes: { id: draft1, version: 1 } });
  await deps.models.Document.updateMany({ _id: { $in: [report, draft1, draft2].map((id) => new Types.ObjectId(id)) } }, { agendaItemId: items[0]!._id });
  const sitting = await deps.models.Sitting.create({ sessionId: f.session._id, councilId, title: 'Phiên khai mạc', status: 'published', meetingPointIds: [room._id] });
  const sittingId = String(sitting._id);
  const ids = { bao: f.cast.users.delegate.id, hanh: f.delegate2Id, tuyet: String(tuyet._id), duc: String(duc._id), khanh: String(khanh._id) };

  const chair = await commander(server, f.cast.users.chair.id, sockets);
  const clerk = await commander(server, f.cast.users.secretariat.id, sockets);
  const as = { bao: await commander(server, ids.bao, sockets), hanh: await commander(server, ids.hanh, sockets), tuyet: await commander(server, ids.tuyet, sockets), duc: await commander(server, ids.duc, sockets) };
  for (const e of [chair, clerk, ...Object.values(as)]) await e('sitting:join', { sittingId });
  const cmd = (e: Emit, event: string, p: Record<string, unknown> = {}) => e(event, { sittingId, commandId: cid(), ...p });

  for (const u of [ids.bao, ids.hanh, ids.duc]) await cmd(clerk, 'attendance:checkIn', { userId: u, status: 'hall' });
  await cmd(clerk, 'attendance:checkIn', { userId: ids.tuyet, status: 'online', meetingPointId: String(room._id) });
  await cmd(clerk, 'attendance:checkIn', { userId: ids.khanh, status: 'absent_excused', reason: 'Đi công tác tại Hà Nội' });
  await cmd(chair, 'sitting:setStatus', { status: 'open' });
  await cmd(chair, 'agenda:setCurrent', { agendaItemId: String(items[0]!._id) });
  await cmd(as.bao, 'floor:request', { kind: 'speak' });
  const queue = async () => (await deps.models.Sitting.findById(sittingId).lean())!.queue;
  await cmd(chair, 'floor:grant', { requestId: (await queue())[0]!.requestId });
  await pause(1200);
  await cmd(chair, 'floor:end');
  await cmd(chair, 'agenda:setCurrent', { agendaItemId: String(items[1]!._id) });
  await cmd(as.hanh, 'floor:request', { kind: 'question', official: 'Giám đốc Sở Tài chính' });
  await cmd(as.tuyet, 'floor:request', { kind: 'question', official: 'Giám đốc Sở Y tế' });
  await cmd(chair, 'floor:grant', { requestId: (await queue()).find((q) => q.userId === ids.hanh)!.requestId });
  await pause(1200);
  await cmd(chair, 'floor:end');

  const named = await chair<PollView>('poll:create', { sittingId, commandId: cid(), title: 'Thông qua Nghị quyết về ngân sách', kind: 'resolution', secret: false });
  await chair('poll:open', { pollId: named.id, commandId: cid() });
  for (const [who, choice] of [[as.bao, 'yes'], [as.hanh, 'yes'], [as.duc, 'yes'], [as.tuyet, 'no']] as const) await who('poll:vote', { pollId: named.id, round: 1, commandId: cid(), choices: [choice] });
  const namedTally = await chair<TallyView>('poll:close', { pollId: named.id, commandId: cid() });
  const secret = await chair<PollView>('poll:create', {
    sittingId, commandId: cid(), title: 'Bầu Phó Chủ tịch HĐND tỉnh', kind: 'election', secret: true, maxChoices: 1,
    options: [{ key: 'c1', label: 'Trịnh Minh Quân' }, { key: 'c2', label: 'Đỗ Thị Lan' }], countingCommittee: ['Lê Văn Thư', 'Phạm Quốc Bảo', 'Đặng Thị Hạnh'],
  });
  await chair('poll:open', { pollId: secret.id, commandId: cid() });
  for (const [who, choice] of [[as.bao, 'c1'], [as.hanh, 'c1'], [as.duc, 'c1'], [as.tuyet, 'c2']] as const) await who('poll:vote', { pollId: secret.id, round: 1, commandId: cid(), choices: [choice] });
  const secretTally = await chair<TallyView>('poll:close', { pollId: secret.id, commandId: cid() });
  await cmd(chair, 'sitting:setStatus', { status: 'closed' });

  const question = await deps.models.Question.findOne({ sittingId: sitting._id, official: 'Giám đốc Sở Tài chính' }).lean();
  await f.as.secretariat.post(`/api/questions/${String(question!._id)}/answer`, {
    mode: 'oral', text: 'Sở sẽ giải ngân đủ vốn đầu tư công trong quý III.', commitments: [{ text: 'Hoàn thành giải ngân vốn đầu tư công', dueDate: '2026-09-30' }],
  });
  return { ...f, sittingId, items: items.map((i) => String(i._id)), ids, docs: { report, draft1, draft2 }, polls: { named: named.id, secret: secret.id }, tallies: { named: namedTally, secret: secretTally } };
}

export type ScriptedSitting = Awaited<ReturnType<typeof playScriptedSitting>>;

/** Test-only: the scripted sitting's minutes generated and signed by the chair; the signed PDF as a delegate downloads it. */
export async function signedMinutesOf(s: ScriptedSitting): Promise<Buffer> {
  const gen = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
  const res = await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/sign`, { revision: gen.json.data.revision });
  if (res.status !== 200) throw new Error(`signing the minutes: ${res.status} ${JSON.stringify(res.json)}`);
  return (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
}

/**
 * Test-only: another closed sitting of the scripted session, its minutes generated and not yet
 * signed, for a signature meant to fail; `stored()` counts what signing would have stored
 * (its signature record and its files), to show that nothing was.
 */
export async function minutesToSign(server: TestServer, s: ScriptedSitting, title: string) {
  const sitting = await server.deps.models.Sitting.create({ sessionId: s.session._id, councilId: s.cast.council._id, title, status: 'closed' });
  const sittingId = String(sitting._id);
  const gen = await s.as.secretariat.post(`/api/sittings/${sittingId}/minutes/generate`);
  const stored = async () => ({
    signatures: await server.deps.models.MinutesSignature.countDocuments({ _id: sittingId }),
    files: await server.deps.conn.db!.collection('files.files').countDocuments({ 'metadata.sittingId': sittingId }),
  });
  return { sittingId, revision: gen.json.data.revision as number, stored };
}

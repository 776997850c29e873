import { Types } from 'mongoose';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import type { PollDeleted, PollView } from '../../../contract/poll.js';
import { emitterOf, ok, type Emit } from '../../../test/helpers/acks.js';

/**
 * Draft polls (issue 13): the secretariat and the chair edit (poll:update) or delete
 * (poll:delete) a draft; every screen of the sitting follows; an opened poll is neither
 * edited nor deleted; a delegate may do neither. Real database, real socket.io clients.
 */
let server: TestServer;
let f: LiveSitting;
const sockets: ClientSocket[] = [];
let chair: Emit;
let secretary: Emit;
let delegate: Emit;
/** What the delegate's tablet (joined to the sitting) heard. */
const heard = { changed: [] as PollView[], deleted: [] as PollDeleted[] };

const cid = () => randomUUID();
const models = () => server.deps.models;

beforeAll(async () => {
  server = await startTestServer();
  f = await buildLiveSitting(server.deps.models, { delegates: 3, electedTotal: 3, items: 2 });
  const cookies = await mintCookies(server.deps.models, [f.chairId, f.secretaryId, f.delegateIds[0]!]);
  const socks = await Promise.all(cookies.map((c) => connectClient(server.url, c)));
  sockets.push(...socks);
  [chair, secretary, delegate] = socks.map(emitterOf) as [Emit, Emit, Emit];
  for (const e of [chair, secretary, delegate]) ok(await e('sitting:join', { sittingId: f.sittingId }));
  socks[2]!.on('poll:changed', (v) => { heard.changed.push(v); });
  socks[2]!.on('poll:deleted', (d) => { heard.deleted.push(d); });
  // Three delegates in the hall: the chair may open a poll (quorum of N = 3).
  const at = new Date().toISOString();
  await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance: f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at })) } });
}, 60_000);
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.stop();
});

const draft = (title = 'Nghị quyết về dự toán ngân sách') =>
  secretary<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title, kind: 'resolution', secret: false }).then(ok);

const auditOf = (pollId: string, action: string) =>
  models().AuditEntry.find({ chain: `sitting:${f.sittingId}`, action, 'subject.id': pollId }).lean();

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('draft polls: edit and delete', () => {
  it('the secretariat edits a draft (same rules as poll:create): stored, audited with what changed, broadcast; a resend of the command changes nothing more', async () => {
    const poll = await draft();
    const update = {
      pollId: poll.id, commandId: cid(), title: 'Bầu Phó Chủ tịch HĐND', kind: 'election', secret: true, agendaItemId: f.itemIds[1],
      options: [{ key: 'c1', label: 'Nguyễn Văn A' }, { key: 'c2', label: 'Trần Thị B' }], maxChoices: 1,
      threshold: { kind: 'more_than_half' }, countingCommittee: ['Lê Văn C', 'Phạm Thị D'],
    };
    const view = ok(await secretary<PollView>('poll:update', update));
    expect(view).toMatchObject({ id: poll.id, status: 'draft', title: 'Bầu Phó Chủ tịch HĐND', kind: 'election', secret: true, agendaItemId: f.itemIds[1], maxChoices: 1, countingCommittee: ['Lê Văn C', 'Phạm Thị D'] });
    expect(view.options.map((o) => o.label)).toEqual(['Nguyễn Văn A', 'Trần Thị B']);
    const stored = await models().Poll.findById(poll.id).lean();
    expect(stored).toMatchObject({ title: 'Bầu Phó Chủ tịch HĐND', kind: 'election', secret: true, status: 'draft', updateCommandId: update.commandId });
    await until(() => heard.changed.some((v) => v.id === poll.id && v.title === 'Bầu Phó Chủ tịch HĐND'));

    const audited = await auditOf(poll.id, 'poll:updated');
    expect(audited).toHaveLength(1);
    expect(String(audited[0]!.actorId)).toBe(f.secretaryId);
    expect(String((audited[0]!.data as { changed: string }).changed).split(',').sort()).toEqual(['agendaItemId', 'countingCommittee', 'kind', 'options', 'secret', 'title']);

    // The same command again (its answer was lost): the same view, no second audit entry.
    expect(ok(await secretary<PollView>('poll:update', update))).toEqual(view);
    expect(await auditOf(poll.id, 'poll:updated')).toHaveLength(1);

    // The chair may edit too; the zod rules of poll:create hold (an empty title is refused).
    const bad = await chair('poll:update', { ...update, commandId: cid(), title: '   ' });
    expect(bad).toMatchObject({ ok: false, error: 'validation_failed' });
    ok(await chair<PollView>('poll:update', { ...update, commandId: cid(), kind: 'resolution', secret: false, options: [] }));
    expect((await models().Poll.findById(poll.id).lean())!.options.map((o) => o.key)).toEqual(['yes', 'no', 'abstain']);
  });

  it('the server holds the form\'s rules on create and edit: k at most the candidates, one choice outside elections, an agenda item of this session only', async () => {
    const poll = await draft('Bầu Ủy viên Thường trực');
    const election = {
      pollId: poll.id, commandId: cid(), title: 'Bầu Ủy viên Thường trực', kind: 'election', secret: true,
      options: [{ key: 'c1', label: 'Nguyễn Văn A' }, { key: 'c2', label: 'Trần Thị B' }], maxChoices: 3,
    };
    const tooMany = await secretary('poll:update', election);
    expect(tooMany).toMatchObject({ ok: false, error: 'validation_failed' });
    expect(String((tooMany as { message: string }).message)).toMatch(/không được nhiều hơn số ứng cử viên \(2\)/);
    expect(await secretary('poll:create', { ...election, pollId: undefined, sittingId: f.sittingId, commandId: cid() })).toMatchObject({ ok: false, error: 'validation_failed' });
    expect(await secretary('poll:update', { pollId: poll.id, commandId: cid(), title: 'Nghị quyết', kind: 'resolution', secret: false, maxChoices: 2 })).toMatchObject({ ok: false, error: 'validation_failed' });
    // An agenda item of another session is refused; nothing of the draft changed.
    const elsewhere = await models().AgendaItem.create({ sessionId: new Types.ObjectId(), kind: 'report', title: 'Nội dung của kỳ họp khác', minutes: 10, order: 1 });
    expect(await secretary('poll:update', { ...election, maxChoices: 2, commandId: cid(), agendaItemId: String(elsewhere._id) })).toMatchObject({ ok: false, error: 'validation_failed' });
    expect((await models().Poll.findById(poll.id).lean())).toMatchObject({ kind: 'resolution', maxChoices: 1, agendaItemId: null });
    ok(await secretary<PollView>('poll:update', { ...election, maxChoices: 2, commandId: cid(), agendaItemId: f.itemIds[0] }));
  });

  it('the secretariat deletes a draft: gone with its receipt key, audited with its title, broadcast; a resend answers the same', async () => {
    const poll = await draft('Nghị quyết sẽ bị xóa');
    expect(await models().PollKey.exists({ _id: poll.id })).not.toBeNull();
    const commandId = cid();
    const gone = ok(await secretary<PollDeleted>('poll:delete', { pollId: poll.id, commandId }));
    expect(gone).toEqual({ pollId: poll.id, sittingId: f.sittingId });
    expect(await models().Poll.exists({ _id: poll.id })).toBeNull();
    expect(await models().PollKey.exists({ _id: poll.id })).toBeNull();
    await until(() => heard.deleted.some((d) => d.pollId === poll.id && d.sittingId === f.sittingId));

    const audited = await auditOf(poll.id, 'poll:deleted');
    expect(audited).toHaveLength(1);
    expect(audited[0]!.data).toMatchObject({ title: 'Nghị quyết sẽ bị xóa', commandId });
    expect(await auditOf(poll.id, 'poll:created')).toHaveLength(1); // its creation stays on record

    expect(ok(await secretary<PollDeleted>('poll:delete', { pollId: poll.id, commandId }))).toEqual(gone);
    expect(await auditOf(poll.id, 'poll:deleted')).toHaveLength(1);
    // Another command on the deleted poll finds nothing.
    expect(await secretary('poll:delete', { pollId: poll.id, commandId: cid() })).toMatchObject({ ok: false, error: 'not_found' });
    const lists = ok(await chair<Array<{ poll: PollView }>>('poll:list', { sittingId: f.sittingId }));
    expect(lists.map((e) => e.poll.id)).not.toContain(poll.id);
  });

  it('an opened poll is neither edited nor deleted, with a message saying why; nothing changes', async () => {
    const poll = await draft('Nghị quyết đã mở');
    ok(await chair('poll:open', { pollId: poll.id, commandId: cid() }));
    const before = await models().Poll.findById(poll.id).lean();
    const changedBefore = heard.changed.length;

    const edit = await secretary('poll:update', { pollId: poll.id, commandId: cid(), title: 'Sửa khi đang mở', kind: 'resolution', secret: true });
    expect(edit).toMatchObject({ ok: false, error: 'conflict' });
    expect(!edit.ok && edit.message).toMatch(/^Không thể sửa cuộc biểu quyết “Nghị quyết đã mở”: cuộc biểu quyết đã được mở \(trạng thái: đang biểu quyết\), chỉ sửa được bản nháp\. \/ /);
    const del = await chair('poll:delete', { pollId: poll.id, commandId: cid() });
    expect(del).toMatchObject({ ok: false, error: 'conflict' });
    expect(!del.ok && del.message).toMatch(/chỉ xóa được bản nháp/);

    expect(await models().Poll.findById(poll.id).lean()).toEqual(before);

    ok(await chair('poll:close', { pollId: poll.id, commandId: cid() }));
    const closed = await models().Poll.findById(poll.id).lean();
    expect(await secretary('poll:delete', { pollId: poll.id, commandId: cid() })).toMatchObject({ ok: false, error: 'conflict' });
    expect(await secretary('poll:update', { pollId: poll.id, commandId: cid(), title: 'Sửa khi đã kết thúc', kind: 'resolution', secret: false })).toMatchObject({ ok: false, error: 'conflict' });

    expect(await models().Poll.findById(poll.id).lean()).toEqual(closed);
    expect(closed!.title).toBe('Nghị quyết đã mở');
    expect(await auditOf(poll.id, 'poll:updated')).toHaveLength(0);
    expect(await auditOf(poll.id, 'poll:deleted')).toHaveLength(0);
    expect(heard.changed.slice(changedBefore).filter((v) => v.id === poll.id).map((v) => v.status)).toEqual(['closed']);
    expect(heard.deleted.filter((d) => d.pollId === poll.id)).toEqual([]);
  });

  it('a delegate may neither edit nor delete a draft', async () => {
    const poll = await draft('Nghị quyết của thư ký');
    expect(await delegate('poll:update', { pollId: poll.id, commandId: cid(), title: 'Đại biểu sửa', kind: 'resolution', secret: false })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await delegate('poll:delete', { pollId: poll.id, commandId: cid() })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await models().Poll.findById(poll.id).lean()).toMatchObject({ title: 'Nghị quyết của thư ký', status: 'draft' });
  });
});

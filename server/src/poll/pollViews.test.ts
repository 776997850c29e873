import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import { TestClient } from '../../../test/helpers/http.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import type { PollEntry, PollView, Receipt, TallyView } from '../../../contract/poll.js';
import type { Ack } from '../../../contract/errors.js';
import { emitterOf, ok, type Emit } from '../../../test/helpers/acks.js';

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();
type Client = { emit: Emit; socket: ClientSocket; cookie: string };

async function clientsFor(userIds: string[]): Promise<Client[]> {
  const cookies = await mintCookies(server.deps.models, userIds);
  return Promise.all(cookies.map(async (cookie) => {
    const socket = await connectClient(server.url, cookie);
    sockets.push(socket);
    const emit = emitterOf(socket);
    return { emit, socket, cookie };
  }));
}

/** An open sitting of 10 delegates, all present, each client joined to it. */
async function setting(): Promise<{ f: LiveSitting; chair: Client; voters: Client[] }> {
  const f = await buildLiveSitting(server.deps.models, { delegates: 10, electedTotal: 10 });
  const attendance = f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance } });
  const [chair, ...voters] = await clientsFor([f.chairId, ...f.delegateIds]);
  for (const c of [chair!, ...voters]) ok(await c.emit('sitting:join', { sittingId: f.sittingId }));
  return { f, chair: chair!, voters };
}

describe('poll views', () => {
  it('poll:list shows a delegate whether they voted and everyone the count, with the tally only after close; refused before joining the sitting', async () => {
    const { f, chair, voters } = await setting();
    const poll = ok(await chair.emit<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Nghị quyết về ngân sách', kind: 'resolution', secret: true, countingCommittee: ['Nguyễn Văn An', 'Trần Thị Bình'] }));
    expect(poll.countingCommittee).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    ok(await chair.emit('poll:open', { pollId: poll.id, commandId: cid() }));
    for (const v of voters.slice(0, 3)) ok(await v.emit<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] }));

    const mine = ok(await voters[0]!.emit<PollEntry[]>('poll:list', { sittingId: f.sittingId }));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ballots: 3, tally: null, myVote: { round: 1, voted: true, issued: true }, poll: { id: poll.id, status: 'open' } });
    expect(ok(await voters[5]!.emit<PollEntry[]>('poll:list', { sittingId: f.sittingId }))[0]!.myVote).toEqual({ round: 1, voted: false, issued: true });
    expect(ok(await chair.emit<PollEntry[]>('poll:list', { sittingId: f.sittingId }))[0]!.myVote).toBeNull();

    ok(await chair.emit('poll:close', { pollId: poll.id, commandId: cid() }));
    const after = ok(await voters[5]!.emit<PollEntry[]>('poll:list', { sittingId: f.sittingId }))[0]!;
    expect(after.tally).toMatchObject({ issued: 10, ballots: 3, invalid: 0, didNotVote: 7, outcome: 'FAILED' });

    const [outsider] = await clientsFor([f.delegateIds[0]!]);
    expect(await outsider!.emit('poll:list', { sittingId: f.sittingId })).toMatchObject({ ok: false, error: 'forbidden' });
  }, 60_000);

  it('an open round with a timer closes by itself when the time runs out, broadcasting one tally to the sitting', async () => {
    const { f, chair, voters } = await setting();
    const poll = ok(await chair.emit<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Biểu quyết có giờ', kind: 'resolution', secret: false }));
    const tallied: TallyView[] = [];
    voters[9]!.socket.on('poll:tallied' as never, ((t: TallyView) => tallied.push(t)) as never);
    const opened = ok(await chair.emit<PollView>('poll:open', { pollId: poll.id, commandId: cid(), durationSeconds: 10 }));
    expect(Date.parse(opened.closesAt!) - Date.now()).toBeGreaterThan(8_000);
    for (const v of voters.slice(0, 6)) ok(await v.emit('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] }));
    await expect.poll(() => tallied.length, { timeout: 15_000, interval: 200 }).toBe(1);
    expect(tallied[0]).toMatchObject({ pollId: poll.id, ballots: 6, outcome: 'PASSED' });
    const late = await voters[7]!.emit('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['no'] });
    expect(late).toMatchObject({ ok: false, error: 'conflict' });
    expect((await server.deps.models.Poll.findById(poll.id).lean())!.status).toBe('closed');
  }, 60_000);

  it('once published, every receipt is listed sorted and each delegate finds their own; not before', async () => {
    const { f, chair, voters } = await setting();
    const poll = ok(await chair.emit<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Bầu Phó Chủ tịch', kind: 'election', secret: true, options: [{ key: 'a', label: 'Lê Văn Cường' }, { key: 'b', label: 'Phạm Thị Dung' }], maxChoices: 1 }));
    ok(await chair.emit('poll:open', { pollId: poll.id, commandId: cid() }));
    const receipts = await Promise.all(voters.map(async (v, i) => ok(await v.emit<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: [i < 7 ? 'a' : 'b'] })).receipt));
    const http = new TestClient(server.url);
    http.cookie = voters[0]!.cookie;
    expect((await http.get(`/api/polls/${poll.id}/receipts`)).status).toBe(409);
    ok(await chair.emit('poll:close', { pollId: poll.id, commandId: cid() }));
    ok(await chair.emit('poll:publish', { pollId: poll.id, commandId: cid() }));
    const res = await http.get(`/api/polls/${poll.id}/receipts`);
    expect(res.status).toBe(200);
    expect(res.json.data.receipts).toEqual([...receipts].sort());
    expect(res.json.data.receipts).toContain(receipts[3]);
  }, 60_000);
});

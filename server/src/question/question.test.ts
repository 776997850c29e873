import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import { verifyChain } from '../audit/verify.js';

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

async function joined(userId: string, sittingId: string) {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId));
  sockets.push(s);
  expect((await s.emitWithAck('sitting:join', { sittingId })).ok).toBe(true);
  return s;
}

describe('questions (chất vấn) and the audit chain of a sitting', () => {
  it('a question not reached is kept for a written answer; the answer and commitments are listed per session', async () => {
    const cast = await buildCast(server.deps);
    const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp chất vấn', startsAt: new Date(), endsAt: new Date(), status: 'open' });
    const sitting = await server.deps.models.Sitting.create({ sessionId: session._id, councilId: cast.council._id, title: 'Phiên chất vấn', status: 'open' });
    const sittingId = String(sitting._id);
    const delegate = await joined(cast.users.delegate.id, sittingId);
    const chair = await joined(cast.users.chair.id, sittingId);

    const asked = await delegate.emitWithAck('floor:request', { sittingId, commandId: randomUUID(), kind: 'question', official: 'Giám đốc Sở Tài nguyên và Môi trường' });
    expect(asked.ok).toBe(true);
    const noOfficial = await delegate.emitWithAck('floor:request', { sittingId, commandId: randomUUID(), kind: 'question' });
    expect(noOfficial).toMatchObject({ ok: false, error: 'validation_failed' });
    expect((await chair.emitWithAck('sitting:setStatus', { sittingId, commandId: randomUUID(), status: 'closed' })).ok).toBe(true);

    const secretary = new TestClient(server.url);
    await secretary.signIn(cast.users.secretariat.login, TEST_PASSWORD);
    let list = await secretary.get(`/api/sessions/${session._id}/questions`);
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({ official: 'Giám đốc Sở Tài nguyên và Môi trường', status: 'awaiting_written_answer', askedBy: cast.users.delegate.id });

    const answer = await secretary.post(`/api/questions/${list.json.data[0].id}/answer`, {
      mode: 'written', text: 'Sở sẽ hoàn thành cấp giấy chứng nhận trong quý I.', commitments: [{ text: 'Cấp xong 1.200 giấy chứng nhận', dueDate: '2027-03-31' }],
    });
    expect(answer.status).toBe(200);
    list = await secretary.get(`/api/sessions/${session._id}/questions`);
    expect(list.json.data[0]).toMatchObject({ status: 'answered_in_writing', commitments: [{ text: 'Cấp xong 1.200 giấy chứng nhận', dueDate: '2027-03-31' }] });

    // Every applied change joined the sitting's audit chain, and the chain verifies.
    const chain = await verifyChain(server.deps, `sitting:${sittingId}`);
    expect(chain).toMatchObject({ ok: true, entries: 2 });
  });

  it('joining a closed sitting (họp kín) is logged in its audit chain; an observer is refused', async () => {
    const cast = await buildCast(server.deps);
    const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp', startsAt: new Date(), endsAt: new Date() });
    const sitting = await server.deps.models.Sitting.create({ sessionId: session._id, councilId: cast.council._id, title: 'Phiên họp kín', status: 'open', closedDoors: true });
    const sittingId = String(sitting._id);
    await joined(cast.users.delegate.id, sittingId);
    const observer = await connectSocket(server.url, await cookieFor(server.deps, cast.users.observer.id));
    sockets.push(observer);
    expect(await observer.emitWithAck('sitting:join', { sittingId })).toMatchObject({ ok: false, error: 'forbidden' });
    const entries = await server.deps.models.AuditEntry.find({ chain: `sitting:${sittingId}` }).lean();
    expect(entries.map((e) => e.action)).toEqual(['sitting:accessed']);
    expect(String(entries[0]!.actorId)).toBe(cast.users.delegate.id);
  });
});

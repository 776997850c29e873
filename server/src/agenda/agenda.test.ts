import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket } from '../../../test/helpers/sockets.js';

let server: TestServer;
let secretary: TestClient;
let delegate: TestClient;
let sessionId: string;
let cast: Awaited<ReturnType<typeof buildCast>>;

beforeAll(async () => {
  server = await startTestServer();
  cast = await buildCast(server.deps);
  const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp thứ 9', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  sessionId = String(session._id);
  secretary = new TestClient(server.url);
  await secretary.signIn(cast.users.secretariat.login, TEST_PASSWORD);
  delegate = new TestClient(server.url);
  await delegate.signIn(cast.users.delegate.login, TEST_PASSWORD);
});
afterAll(async () => server?.stop());

const add = async (body: Record<string, unknown>) => {
  const res = await secretary.post(`/api/sessions/${sessionId}/agenda`, body);
  expect(res.status).toBe(200);
  return res.json.data as { id: string; order: number; parentId: string | null };
};

describe('agenda editing', () => {
  it('the secretariat builds a nested agenda that delegates read in order', async () => {
    const a = await add({ title: 'Báo cáo kết quả giám sát', kind: 'report', minutes: 20, presenter: 'Phó Chủ tịch HĐND' });
    const b = await add({ title: 'Thảo luận tại hội trường', kind: 'plenary' });
    const b1 = await add({ title: 'Dự thảo nghị quyết về giá đất', kind: 'plenary', parentId: b.id });
    expect([a.order, b.order, b1.order]).toEqual([1, 2, 1]);
    const list = await delegate.get(`/api/sessions/${sessionId}/agenda`);
    const titles = list.json.data.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['Báo cáo kết quả giám sát', 'Thảo luận tại hội trường', 'Dự thảo nghị quyết về giá đất']));
    expect(list.json.data.find((i: { id: string }) => i.id === b1.id).parentId).toBe(b.id);
  });

  it('reorder puts siblings in the given order and refuses a list that does not match', async () => {
    const top = (await delegate.get(`/api/sessions/${sessionId}/agenda`)).json.data.filter((i: { parentId: string | null }) => i.parentId === null);
    const reversed = top.map((i: { id: string }) => i.id).reverse();
    const ok = await secretary.post(`/api/sessions/${sessionId}/agenda/reorder`, { parentId: null, itemIds: reversed });
    expect(ok.status).toBe(200);
    const after = ok.json.data.filter((i: { parentId: string | null }) => i.parentId === null).map((i: { id: string }) => i.id);
    expect(after).toEqual(reversed);
    const bad = await secretary.post(`/api/sessions/${sessionId}/agenda/reorder`, { parentId: null, itemIds: reversed.slice(1) });
    expect(bad.status).toBe(409);
  });

  it('an item cannot be nested under itself or its own child', async () => {
    const p = await add({ title: 'Cha', kind: 'report' });
    const c = await add({ title: 'Con', kind: 'report', parentId: p.id });
    const res = await secretary.patch(`/api/agenda/${p.id}`, { parentId: c.id });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/chính nó/);
  });

  it('deleting an item with sub-items is refused with a message saying what to do', async () => {
    const p = await add({ title: 'Có con', kind: 'report' });
    await add({ title: 'Mục con', kind: 'report', parentId: p.id });
    const res = await secretary.delete(`/api/agenda/${p.id}`);
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/nội dung con/);
  });

  it('an edit during a sitting tells every screen following it to fetch the agenda again', async () => {
    const sitting = await server.deps.models.Sitting.create({ sessionId, councilId: cast.council._id, title: 'Phiên sáng', status: 'open' });
    const socket = await connectSocket(server.url, await cookieFor(server.deps, cast.users.delegate.id));
    expect((await socket.emitWithAck('sitting:join', { sittingId: String(sitting._id) })).ok).toBe(true);
    const changed = new Promise((resolve) => socket.once('agenda:changed', resolve));
    await add({ title: 'Bổ sung nội dung', kind: 'vote' });
    expect(await changed).toEqual({ sessionId });
    socket.close();
  });

  it('a missing title is refused with validation_failed naming the field', async () => {
    const res = await secretary.post(`/api/sessions/${sessionId}/agenda`, { kind: 'report' });
    expect(res.status).toBe(400);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain('title');
  });
});

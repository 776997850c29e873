import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';

let server: TestServer;
let cast: Awaited<ReturnType<typeof buildCast>>;
const clients: Record<string, TestClient> = {};
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  cast = await buildCast(server.deps);
  for (const role of ['secretariat', 'chair', 'delegate', 'observer', 'admin', 'none'] as const) {
    clients[role] = new TestClient(server.url);
    await clients[role].signIn(cast.users[role].login, TEST_PASSWORD);
  }
});
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

const NEW_SESSION = { number: 'Kỳ họp thứ 5', title: 'Kỳ họp thường lệ giữa năm 2026', kind: 'regular', startDate: '2026-07-08', endDate: '2026-07-10', venue: 'Hội trường HĐND tỉnh' };

async function createSession(over: Record<string, unknown> = {}) {
  const res = await clients.secretariat!.post('/api/sessions', { councilId: String(cast.council._id), ...NEW_SESSION, ...over });
  expect(res.status, res.text).toBe(200);
  return res.json.data as { id: string; status: string; startsAt: string; endsAt: string; cancelledAt: string | null; number: string; kind: string; venue: string; cancelReason: string };
}

async function addItems(sessionId: string, titles: string[]) {
  const ids: string[] = [];
  for (const title of titles) {
    const res = await clients.secretariat!.post(`/api/sessions/${sessionId}/agenda`, { title, kind: 'report' });
    expect(res.status, res.text).toBe(200);
    ids.push(res.json.data.id);
  }
  return ids;
}

async function createSitting(sessionId: string, over: Record<string, unknown> = {}) {
  const res = await clients.secretariat!.post('/api/sittings', { sessionId, title: `Phiên ${randomUUID().slice(0, 6)}`, ...over });
  expect(res.status, res.text).toBe(200);
  return res.json.data as { id: string; date: string | null; startTime: string | null; venue: string; agendaItemIds: string[]; status: string };
}

async function socketOf(role: 'chair' | 'secretariat') {
  const s = await connectSocket(server.url, await cookieFor(server.deps, cast.users[role].id));
  sockets.push(s);
  return s;
}
const cmd = (s: ClientSocket, name: string, payload: Record<string, unknown>) =>
  (s as unknown as { emitWithAck: (e: string, p: unknown) => Promise<any> }).emitWithAck(name, { commandId: randomUUID(), ...payload });

describe('sessions (kỳ họp) prepared by the secretariat', () => {
  it('the secretariat creates a draft session with its number, kind, days (08:00–17:00 Vietnam time) and place, seen by staff only', async () => {
    const s = await createSession();
    expect(s).toMatchObject({ status: 'draft', number: 'Kỳ họp thứ 5', kind: 'regular', venue: 'Hội trường HĐND tỉnh', cancelledAt: null });
    expect(s.startsAt).toBe('2026-07-08T01:00:00.000Z');
    expect(s.endsAt).toBe('2026-07-10T10:00:00.000Z');
    const staff = (await clients.chair!.get('/api/me/sessions')).json.data as Array<{ id: string }>;
    expect(staff.some((x) => x.id === s.id)).toBe(true);
    const delegate = (await clients.delegate!.get('/api/me/sessions')).json.data as Array<{ id: string }>;
    expect(delegate.some((x) => x.id === s.id)).toBe(false);
  });

  it('only the council\'s secretariat or chair may create, edit or cancel a session', async () => {
    const body = { councilId: String(cast.council._id), ...NEW_SESSION };
    for (const role of ['delegate', 'observer', 'admin', 'none'] as const) {
      expect((await clients[role]!.post('/api/sessions', body)).status, role).toBe(403);
    }
    expect((await clients.chair!.post('/api/sessions', body)).status).toBe(200);
    const s = await createSession();
    expect((await clients.delegate!.patch(`/api/sessions/${s.id}`, { title: 'Khác' })).status).toBe(403);
    expect((await clients.delegate!.post(`/api/sessions/${s.id}/cancel`, { reason: 'Không rõ' })).status).toBe(403);
  });

  it('refuses a session with missing fields, an unknown kind, an impossible date or an end before its start', async () => {
    const base = { councilId: String(cast.council._id), ...NEW_SESSION };
    const cases = [
      { ...base, title: '  ' }, { ...base, number: '' }, { ...base, kind: 'extraordinary' }, { ...base, startDate: '2026-02-30' },
      { ...base, startDate: '08/07/2026' }, { ...base, endDate: '2026-07-01' },
    ];
    for (const c of cases) {
      const res = await clients.secretariat!.post('/api/sessions', c);
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.json.message).toMatch(/ \/ /);
    }
    expect((await clients.secretariat!.post('/api/sessions', { ...base, councilId: 'a'.repeat(24) })).status).toBe(404);
  });

  it('the secretariat edits a session\'s number, title, kind, days and place; the change is audited', async () => {
    const s = await createSession();
    const res = await clients.secretariat!.patch(`/api/sessions/${s.id}`, { number: 'Kỳ họp thứ 6', kind: 'thematic', endDate: '2026-07-09', venue: 'Phòng họp số 2' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toMatchObject({ number: 'Kỳ họp thứ 6', kind: 'thematic', venue: 'Phòng họp số 2', endsAt: '2026-07-09T10:00:00.000Z' });
    expect((await clients.secretariat!.patch(`/api/sessions/${s.id}`, { endDate: '2026-07-01' })).status).toBe(400);
    const audit = await server.deps.models.AuditEntry.find({ chain: `session:${s.id}` }).sort({ seq: 1 }).lean();
    expect(audit.map((a) => a.action)).toEqual(['session:create', 'session:edit']);
  });

  it('a cancelled session keeps its reason, is shown as cancelled, and nothing can be created, edited, published or opened in it', async () => {
    const s = await createSession();
    const sitting = await createSitting(s.id);
    expect((await clients.secretariat!.post(`/api/sessions/${s.id}/cancel`, { reason: '' })).status).toBe(400);
    const res = await clients.secretariat!.post(`/api/sessions/${s.id}/cancel`, { reason: 'Dời sang tháng 8 theo đề nghị của Thường trực' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.cancelledAt).toEqual(expect.any(String));
    expect(res.json.data.cancelReason).toBe('Dời sang tháng 8 theo đề nghị của Thường trực');
    const listed = (await clients.chair!.get('/api/me/sessions')).json.data.find((x: { id: string }) => x.id === s.id);
    expect(listed.cancelledAt).toEqual(expect.any(String));
    expect((await clients.secretariat!.post(`/api/sessions/${s.id}/cancel`, { reason: 'Lần nữa' })).status).toBe(409);
    expect((await clients.secretariat!.patch(`/api/sessions/${s.id}`, { title: 'Đổi tên' })).status).toBe(409);
    expect((await clients.secretariat!.post('/api/sittings', { sessionId: s.id, title: 'Phiên mới' })).status).toBe(409);
    expect((await clients.secretariat!.patch(`/api/sittings/${sitting.id}`, { venue: 'Khác' })).status).toBe(409);
    const publish = await cmd(await socketOf('secretariat'), 'sitting:setStatus', { sittingId: sitting.id, status: 'published' });
    expect(publish.ok).toBe(false);
    expect(publish.message).toMatch(/đã bị hủy/);
    const audit = await server.deps.models.AuditEntry.find({ chain: `session:${s.id}`, action: 'session:cancel' }).lean();
    expect(audit).toHaveLength(1);
  });

  it('a session one of whose sittings has opened cannot be cancelled', async () => {
    const s = await createSession();
    const sitting = await createSitting(s.id);
    await server.deps.models.Sitting.updateOne({ _id: sitting.id }, { $set: { status: 'open' } });
    expect((await clients.secretariat!.post(`/api/sessions/${s.id}/cancel`, { reason: 'Thử' })).status).toBe(409);
  });
});

describe('sittings (phiên họp): day, time, place and their own agenda items', () => {
  it('a sitting gets a day within the session, a start time, a place and agenda items of its session', async () => {
    const s = await createSession();
    const [a, b] = await addItems(s.id, ['Báo cáo', 'Thảo luận']);
    const sitting = await createSitting(s.id, { date: '2026-07-09', startTime: '08:00', venue: 'Hội trường tầng 3', closedDoors: true, agendaItemIds: [a] });
    expect(sitting).toMatchObject({ date: '2026-07-09', startTime: '08:00', venue: 'Hội trường tầng 3', agendaItemIds: [a], status: 'draft' });
    const edited = await clients.secretariat!.patch(`/api/sittings/${sitting.id}`, { startTime: '13:30', agendaItemIds: [a, b] });
    expect(edited.json.data).toMatchObject({ startTime: '13:30', agendaItemIds: [a, b], date: '2026-07-09' });
  });

  it('refuses a day outside the session, a bad time, and an item of another session', async () => {
    const s = await createSession();
    const other = await createSession();
    const [foreign] = await addItems(other.id, ['Nội dung kỳ họp khác']);
    const bad = [
      { date: '2026-07-11' }, { date: '2026-07-07' }, { date: '2026-02-30' }, { startTime: '25:00' }, { startTime: '8h' },
      { agendaItemIds: [foreign] },
    ];
    for (const b of bad) {
      const res = await clients.secretariat!.post('/api/sittings', { sessionId: s.id, title: 'Phiên', ...b });
      expect(res.status, JSON.stringify(b)).toBe(400);
    }
  });

  it('a sitting is editable while draft or published, not once open', async () => {
    const s = await createSession();
    const sitting = await createSitting(s.id);
    const sec = await socketOf('secretariat');
    expect((await cmd(sec, 'sitting:setStatus', { sittingId: sitting.id, status: 'published' })).ok).toBe(true);
    expect((await clients.secretariat!.patch(`/api/sittings/${sitting.id}`, { venue: 'Phòng 2' })).status).toBe(200);
    await server.deps.models.Sitting.updateOne({ _id: sitting.id }, { $set: { status: 'open' } });
    expect((await clients.secretariat!.patch(`/api/sittings/${sitting.id}`, { venue: 'Phòng 3' })).status).toBe(409);
  });

  it('a sitting\'s snapshot carries only its own items, and a published edit reaches joined screens', async () => {
    const s = await createSession();
    const [a, b] = await addItems(s.id, ['Khai mạc', 'Chất vấn']);
    const sitting = await createSitting(s.id, { agendaItemIds: [b] });
    const chair = await socketOf('chair');
    const joined = await chair.emitWithAck('sitting:join', { sittingId: sitting.id });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(joined.data.state.agendaItemIds).toEqual([b]);
    const delta = new Promise<any>((resolve) => chair.once('sitting:changed', resolve));
    await clients.secretariat!.patch(`/api/sittings/${sitting.id}`, { agendaItemIds: [a, b] });
    const d = await delta;
    expect(d.patch.agendaItemIds).toEqual([a, b]);
    expect(d.version).toBe(joined.data.version + 1);
  });

  it('agenda:setCurrent refuses an item of another sitting and takes the sitting\'s items with their sub-items', async () => {
    const s = await createSession();
    const [first, second] = await addItems(s.id, ['Nội dung phiên sáng', 'Nội dung phiên chiều']);
    const sub = await clients.secretariat!.post(`/api/sessions/${s.id}/agenda`, { title: 'Tờ trình con', kind: 'report', parentId: first });
    const morning = await createSitting(s.id, { agendaItemIds: [first] });
    await createSitting(s.id, { agendaItemIds: [second] });
    await server.deps.models.Sitting.updateOne({ _id: morning.id }, { $set: { status: 'open' } });
    const chair = await socketOf('chair');
    await chair.emitWithAck('sitting:join', { sittingId: morning.id });
    const refused = await cmd(chair, 'agenda:setCurrent', { sittingId: morning.id, agendaItemId: second });
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe('not_found');
    expect((await cmd(chair, 'agenda:setCurrent', { sittingId: morning.id, agendaItemId: first })).ok).toBe(true);
    expect((await cmd(chair, 'agenda:setCurrent', { sittingId: morning.id, agendaItemId: sub.json.data.id })).ok).toBe(true);
  });

  it('opening a draft sitting is refused until it is published; publishing it publishes its draft session', async () => {
    const s = await createSession();
    const sitting = await createSitting(s.id);
    const chair = await socketOf('chair');
    const refused = await cmd(chair, 'sitting:setStatus', { sittingId: sitting.id, status: 'open' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/công bố phiên họp trước khi khai mạc/);
    expect((await clients.delegate!.get(`/api/sittings/${sitting.id}`)).status).toBe(404);
    expect((await cmd(chair, 'sitting:setStatus', { sittingId: sitting.id, status: 'published' })).ok).toBe(true);
    expect((await clients.delegate!.get(`/api/sittings/${sitting.id}`)).status).toBe(200);
    const listed = (await clients.delegate!.get('/api/me/sessions')).json.data as Array<{ id: string; status: string }>;
    expect(listed.find((x) => x.id === s.id)?.status).toBe('published');
  });
});

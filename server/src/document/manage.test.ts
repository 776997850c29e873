import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Role } from '../../../contract/roles.js';
import { verifyChain } from '../audit/verify.js';
import { filesBucket } from '../platform/storage.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, buildUser, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { sendRaw, tinyPdf, uploadPdf } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let cast: Awaited<ReturnType<typeof buildCast>>;
const as = {} as Record<Role | 'none', TestClient>;
let sessionId: string;
let itemId: string;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
  cast = await buildCast(server.deps);
  const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp thứ 11', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  sessionId = String(session._id);
  itemId = String((await server.deps.models.AgendaItem.create({ sessionId: session._id, title: 'Nghị quyết về ngân sách', kind: 'vote', order: 1 }))._id);
  for (const role of Object.keys(cast.users) as Array<Role | 'none'>) {
    as[role] = new TestClient(server.url);
    await as[role].signIn(cast.users[role].login, TEST_PASSWORD);
  }
});
afterAll(async () => server?.stop());

/** A new document (version 1) and, with `versions`, its later versions; returns every id, oldest first. */
async function upload(query: Record<string, string> = {}, versions = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let v = 0; v < versions; v++) {
    const q: Record<string, string> = v === 0 ? { title: 'Tờ trình số 1', kind: 'submission', ...query } : { supersedes: ids[v - 1]! };
    const res = await uploadPdf(as.secretariat, sessionId, tinyPdf(1, `manage-${n++}`), q);
    expect(res.status).toBe(200);
    ids.push(res.json.data.document.id);
  }
  return ids;
}
const listOf = async (who: TestClient, all = false) => (await who.get(`/api/sessions/${sessionId}/documents${all ? '?all=true' : ''}`)).json.data as Array<{ id: string; title: string; access: string; withdrawn: unknown }>;
const audit = (id: string, action: string) => server.deps.models.AuditEntry.find({ chain: `document:${id}`, action }).lean();

describe('editing a document\'s metadata (PATCH /api/documents/:id)', () => {
  it('the secretariat changes title, kind, access, readers and agenda item of every version, on record with before and after', async () => {
    const [v1, v2] = await upload({}, 2);
    const readers = [cast.users.delegate.id];
    const res = await as.secretariat.patch(`/api/documents/${v2}`, { title: 'Tờ trình (sửa)', kind: 'draft_resolution', access: 'named', allowedUserIds: readers, agendaItemId: itemId });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: v2, title: 'Tờ trình (sửa)', kind: 'draft_resolution', access: 'named', allowedUserIds: readers, agendaItemId: itemId, withdrawn: null });
    for (const id of [v1, v2]) {
      expect(await server.deps.models.Document.findById(id).lean()).toMatchObject({ title: 'Tờ trình (sửa)', access: 'named' });
    }
    // The old version no longer reads under the old rule: the meeting-point operator lost it.
    expect((await as.meeting_point_operator.get(`/api/documents/${v1}`)).status).toBe(403);
    const [entry] = await audit(v2!, 'document:edit');
    expect(String(entry!.actorId)).toBe(cast.users.secretariat.id);
    expect(entry!.data).toMatchObject({ before: { access: 'council', title: 'Tờ trình số 1' }, after: { access: 'named', allowedUserIds: readers } });
    expect((await verifyChain(server.deps, `document:${v2}`)).ok).toBe(true);
  });

  it('the chair may edit too; going back to council access drops the named readers', async () => {
    const [id] = await upload({ access: 'named', allowedUserIds: cast.users.delegate.id });
    const res = await as.chair.patch(`/api/documents/${id}`, { access: 'council' });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ access: 'council', allowedUserIds: [] });
  });

  it.each(['delegate', 'meeting_point_operator', 'observer', 'admin', 'none'] as const)('refuses %s, and changes nothing', async (role) => {
    const [id] = await upload();
    const res = await as[role].patch(`/api/documents/${id}`, { title: 'Đổi tên' });
    expect(res.status).toBe(403);
    expect(res.json.message).toContain(' / ');
    expect((await server.deps.models.Document.findById(id).lean())!.title).toBe('Tờ trình số 1');
  });

  it('refuses an agenda item of another session, readers from outside the council, and an empty change', async () => {
    const [id] = await upload();
    const other = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp khác', startsAt: new Date(), endsAt: new Date() });
    const foreignItem = await server.deps.models.AgendaItem.create({ sessionId: other._id, title: 'Khác', kind: 'report', order: 1 });
    expect((await as.secretariat.patch(`/api/documents/${id}`, { agendaItemId: String(foreignItem._id) })).json.issues[0].path).toBe('agendaItemId');
    const stranger = await buildUser(server.deps, { login: `stranger-${n++}@example.vn` });
    const named = await as.secretariat.patch(`/api/documents/${id}`, { access: 'named', allowedUserIds: [String(stranger._id)] });
    expect(named.status).toBe(400);
    expect(named.json.message).toMatch(/không phải thành viên/);
    expect((await as.secretariat.patch(`/api/documents/${id}`, {})).status).toBe(400);
  });
});

describe('withdrawing a document (POST /api/documents/:id/withdraw)', () => {
  it('takes every version out of delegates\' dossiers and files, keeps the files, and records the reason', async () => {
    const [v1, v2] = await upload({ title: 'Báo cáo sẽ rút' }, 2);
    expect((await listOf(as.delegate)).some((d) => d.id === v2)).toBe(true);
    const counted = async () => ((await as.delegate.get('/api/me/sessions')).json.data as Array<{ id: string; documents: number }>).find((x) => x.id === sessionId)!.documents;
    const before = await counted();
    const res = await as.secretariat.post(`/api/documents/${v2}/withdraw`, { reason: 'Nộp nhầm tài liệu' });
    expect(res.status).toBe(200);
    // The session's document count on the home page no longer counts it.
    expect(await counted()).toBe(before - 1);
    expect(res.json.data.withdrawn).toMatchObject({ reason: 'Nộp nhầm tài liệu' });

    for (const id of [v1!, v2!]) {
      expect((await listOf(as.delegate, true)).some((d) => d.id === id)).toBe(false);
      const meta = await as.delegate.get(`/api/documents/${id}`);
      expect(meta.status).toBe(403);
      expect(meta.json.message).toMatch(/đã được rút/);
      expect((await sendRaw(as.delegate, 'GET', `/api/documents/${id}/file`, undefined)).status).toBe(403);
    }
    // The staff still see it, marked, and its file is still served to them and kept in GridFS.
    expect((await listOf(as.chair)).find((d) => d.id === v2)?.withdrawn).toMatchObject({ reason: 'Nộp nhầm tài liệu' });
    expect((await sendRaw(as.secretariat, 'GET', `/api/documents/${v2}/file`, undefined)).status).toBe(200);
    const record = await server.deps.models.Document.findById(v1).lean();
    expect(await filesBucket(server.deps.conn).find({ _id: record!.fileId }).toArray()).toHaveLength(1);

    const [entry] = await audit(v2!, 'document:withdraw');
    expect(String(entry!.actorId)).toBe(cast.users.secretariat.id);
    expect(entry!.data).toMatchObject({ reason: 'Nộp nhầm tài liệu', title: 'Báo cáo sẽ rút' });
    expect((await verifyChain(server.deps, `document:${v2}`)).ok).toBe(true);
  });

  it('a withdrawn document takes no second withdrawal, no edit and no new version', async () => {
    const [id] = await upload();
    expect((await as.chair.post(`/api/documents/${id}/withdraw`, { reason: 'Không còn phù hợp' })).status).toBe(200);
    expect((await as.secretariat.post(`/api/documents/${id}/withdraw`, { reason: 'Lần hai' })).status).toBe(409);
    expect((await as.secretariat.patch(`/api/documents/${id}`, { title: 'Mới' })).status).toBe(409);
    const again = await uploadPdf(as.secretariat, sessionId, tinyPdf(1, `manage-${n++}`), { supersedes: id! });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/đã được rút/);
  });

  it.each(['delegate', 'meeting_point_operator', 'observer', 'admin', 'none'] as const)('refuses %s, and the document stays', async (role) => {
    const [id] = await upload();
    expect((await as[role].post(`/api/documents/${id}/withdraw`, { reason: 'Tôi muốn rút' })).status).toBe(403);
    expect((await server.deps.models.Document.findById(id).lean())!.withdrawnAt).toBeNull();
    expect(await audit(id!, 'document:withdraw')).toHaveLength(0);
  });

  it('needs a reason', async () => {
    const [id] = await upload();
    const res = await as.secretariat.post(`/api/documents/${id}/withdraw`, { reason: ' ' });
    expect(res.status).toBe(400);
    expect(res.json.issues[0].path).toBe('reason');
  });
});

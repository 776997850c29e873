import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { buildCast, buildUser, TEST_PASSWORD } from '../helpers/factories.js';
import { buildLiveSitting, mintCookies, connectClient } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { emitterOf, ok } from '../helpers/acks.js';
import type { PollView, PollEntry } from '../../contract/poll.js';
import { provinceWithAdmin } from '../helpers/orgFixtures.js';
import { tinyPdf, uploadPdf } from '../helpers/documentFixtures.js';
import { ARGON2_OPTIONS } from '../../server/src/auth/password.js';

// Text typed in decomposed Unicode (NFD: "ị" as "i" + U+0323) is stored and returned in NFC
// at every boundary: REST bodies and query strings, socket payloads, CSV uploads, passwords.

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { sockets.forEach((s) => s.close()); await server?.stop(); });

const NFC = (s: string) => s.normalize('NFC');
const NFD = (s: string) => s.normalize('NFD');

describe('decomposed Unicode is stored as NFC', () => {
  it('a unit name sent in NFD over REST is stored and returned in NFC, and a search for its NFC name finds it', async () => {
    const name = 'Xã Nghị Quyết';
    expect(NFD(name)).not.toBe(name);
    const { province, client } = await provinceWithAdmin(server, 'Tỉnh Chuẩn Hoá');
    const res = await client.post('/api/org/units', { name: NFD(name), unitType: 'xa', parentId: String(province._id), validFrom: '2025-07-01' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.name).toBe(name);
    const found = await server.deps.models.Unit.findOne({ name }).lean();
    expect(found && String(found._id)).toBe(res.json.data.id);
    const listed = await client.get(`/api/org/units?parentId=${String(province._id)}`);
    expect(listed.json.data.map((u: { name: string }) => u.name)).toEqual([name]);
  });

  it('a document title and file name sent in NFD in the upload query string are stored in NFC', async () => {
    const cast = await buildCast(server.deps);
    const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp thứ 11', startsAt: new Date(), endsAt: new Date(), status: 'published' });
    const secretary = new TestClient(server.url);
    await secretary.signIn(cast.users.secretariat.login, TEST_PASSWORD);
    const title = 'Nghị quyết về ngân sách';
    const res = await uploadPdf(secretary, String(session._id), tinyPdf(1, randomUUID()), { title: NFD(title), kind: 'submission', fileName: NFD('Tờ trình.pdf') });
    expect(res.status).toBe(200);
    expect(res.json.data.document).toMatchObject({ title, fileName: 'Tờ trình.pdf' });
    expect(await server.deps.models.Document.countDocuments({ title })).toBe(1);
  });

  it('a poll title and counting committee sent in NFD over the socket are stored and returned in NFC', async () => {
    const f = await buildLiveSitting(server.deps.models, { delegates: 2 });
    const [cookie] = await mintCookies(server.deps.models, [f.chairId]);
    const socket = await connectClient(server.url, cookie!);
    sockets.push(socket);
    const emit = emitterOf(socket);
    ok(await emit('sitting:join', { sittingId: f.sittingId }));
    const title = 'Nghị quyết về ngân sách năm 2026';
    const committee = ['Nguyễn Văn An', 'Trần Thị Bình'];
    const poll = ok(await emit<PollView>('poll:create', { sittingId: f.sittingId, commandId: randomUUID(), title: NFD(title), kind: 'resolution', secret: true, countingCommittee: committee.map(NFD) }));
    expect(poll.title).toBe(title);
    expect(poll.countingCommittee).toEqual(committee);
    const stored = await server.deps.models.Poll.findOne({ title }).lean();
    expect(stored && String(stored._id)).toBe(poll.id);
    const listed = ok(await emit<PollEntry[]>('poll:list', { sittingId: f.sittingId }));
    expect(listed.map((e) => e.poll.title)).toEqual([title]);
  });

  it('a delegate list uploaded in NFD is imported with NFC names', async () => {
    const { council, client } = await provinceWithAdmin(server, 'Tỉnh Nhập NFD');
    const csv = NFD('Họ và tên,Vai trò,Email\nĐặng Thị Nghị,đại biểu,nghi.dang@example.vn\n');
    const res = await client.post(`/api/org/councils/${String(council._id)}/delegates/import`, csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(res.status, res.text).toBe(200);
    const user = await server.deps.models.User.findOne({ login: 'nghi.dang@example.vn' }).lean();
    expect(user?.displayName).toBe(NFC('Đặng Thị Nghị'));
  });
});

describe('passwords are compared in NFC', () => {
  it('a password typed decomposed signs in to an account whose password was set precomposed', async () => {
    const password = 'Mật khẩu Hội đồng';
    const user = await buildUser(server.deps, { password });
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: user.login, password: NFD(password) })).status).toBe(200);
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: user.login, password })).status).toBe(200);
  });

  it('a hash made from a decomposed password before normalisation still signs in, typed either way', async () => {
    const password = 'Mật khẩu cũ';
    const user = await buildUser(server.deps);
    await server.deps.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await argon2.hash(NFD(password), ARGON2_OPTIONS) } });
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: user.login, password: NFD(password) })).status).toBe(200);
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: user.login, password })).status).toBe(200);
  });

  it('an ASCII password hashed before normalisation keeps working', async () => {
    const user = await buildUser(server.deps);
    await server.deps.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await argon2.hash('plain-ascii-123', ARGON2_OPTIONS) } });
    expect((await new TestClient(server.url).post('/api/auth/sign-in', { login: user.login, password: 'plain-ascii-123' })).status).toBe(200);
  });
});

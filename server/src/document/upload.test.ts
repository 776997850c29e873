import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, buildUser, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { filesBucket } from '../platform/storage.js';
import { fixture, tinyPdf, uploadPdf } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let cast: Awaited<ReturnType<typeof buildCast>>;
let secretary: TestClient;
let sessionId: string;

beforeAll(async () => {
  server = await startTestServer();
  cast = await buildCast(server.deps);
  const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp thứ 10', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  sessionId = String(session._id);
  secretary = new TestClient(server.url);
  await secretary.signIn(cast.users.secretariat.login, TEST_PASSWORD);
});
afterAll(async () => server?.stop());

const meta = { title: 'Tờ trình về chính sách hỗ trợ', kind: 'submission' };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const documentCount = () => server.deps.models.Document.countDocuments({ sessionId });

describe('uploading a document: the file is judged by its content', () => {
  it('accepts a real 500-page PDF with its page count, size and SHA-256, and stores the bytes in GridFS', async () => {
    const bytes = fixture('tap-tai-lieu-500-trang.pdf');
    const res = await uploadPdf(secretary, sessionId, bytes, { ...meta, fileName: 'tập tài liệu.pdf' });
    expect(res.status).toBe(200);
    const doc = res.json.data.document;
    expect(doc).toMatchObject({ pages: 500, bytes: bytes.length, sha256: sha256(bytes), version: 1, kind: 'submission', access: 'council', hasScripts: false, fileName: 'tập tài liệu.pdf' });
    expect(res.json.data.warnings).toEqual([]);
    const record = await server.deps.models.Document.findById(doc.id).lean();
    const stored = await filesBucket(server.deps.conn).find({ _id: record!.fileId }).toArray();
    expect(stored[0]).toMatchObject({ length: bytes.length, metadata: { sha256: sha256(bytes), contentType: 'application/pdf' } });
  });

  it.each([
    ['empty.pdf', 'empty', /Tệp rỗng/],
    ['html-named-pdf.pdf', 'not_pdf', /không phải là PDF/],
    ['truncated.pdf', 'damaged', /bị hỏng hoặc chưa tải đủ/],
    ['password-protected.pdf', 'encrypted', /đặt mật khẩu hoặc mã hóa/],
  ])('refuses hostile/%s with a message a secretary understands (%s) and keeps nothing', async (file, reason, message) => {
    const before = await documentCount();
    const res = await uploadPdf(secretary, sessionId, fixture(`hostile/${file}`), meta);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'file', message: reason }] });
    expect(res.json.message).toMatch(message);
    expect(res.json.message).toContain(' / '); // Vietnamese, then English
    expect(await documentCount()).toBe(before);
  });

  it('flags hostile/javascript-on-open.pdf: stored with hasScripts, and the uploader is told why', async () => {
    const res = await uploadPdf(secretary, sessionId, fixture('hostile/javascript-on-open.pdf'), meta);
    expect(res.status).toBe(200);
    expect(res.json.data.document.hasScripts).toBe(true);
    expect(res.json.data.warnings).toEqual([{ code: 'has_scripts', message: expect.stringMatching(/JavaScript.*OpenAction/) }]);
    expect(res.json.data.warnings[0].message).toMatch(/không bao giờ chạy/);
  });

  it('every hostile fixture in test/fixtures/hostile is covered by a test above', async () => {
    const { readdirSync } = await import('node:fs');
    const covered = ['empty.pdf', 'html-named-pdf.pdf', 'truncated.pdf', 'password-protected.pdf', 'javascript-on-open.pdf'];
    expect(readdirSync(new URL('../../../test/fixtures/hostile/', import.meta.url)).sort()).toEqual(covered.sort());
  });

  it('refuses a body that is not sent as a PDF, and a new document without title or kind', async () => {
    const json = await secretary.post(`/api/sessions/${sessionId}/documents?title=A&kind=other`, {});
    expect(json.status).toBe(400);
    expect(json.json.message).toMatch(/application\/pdf/);
    const untitled = await uploadPdf(secretary, sessionId, tinyPdf(), { kind: 'other' });
    expect(untitled.status).toBe(400);
    expect(untitled.json.issues[0].path).toBe('title');
  });

  it('refuses an agenda item of another session and named readers from outside the council', async () => {
    const other = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp khác', startsAt: new Date(), endsAt: new Date() });
    const item = await server.deps.models.AgendaItem.create({ sessionId: other._id, order: 1, title: 'Mục', kind: 'report' });
    const badItem = await uploadPdf(secretary, sessionId, tinyPdf(), { ...meta, agendaItemId: String(item._id) });
    expect(badItem.status).toBe(400);
    expect(badItem.json.issues[0].path).toBe('agendaItemId');
    const stranger = await buildUser(server.deps);
    const badReader = await uploadPdf(secretary, sessionId, tinyPdf(), { ...meta, access: 'named', allowedUserIds: `${cast.users.delegate.id},${String(stranger._id)}` });
    expect(badReader.status).toBe(400);
    expect(badReader.json.message).toContain(String(stranger._id));
  });

  it('only the secretariat of the session\'s council uploads', async () => {
    const delegate = new TestClient(server.url);
    await delegate.signIn(cast.users.delegate.login, TEST_PASSWORD);
    const res = await uploadPdf(delegate, sessionId, tinyPdf(), meta);
    expect(res.status).toBe(403);
  });
});

describe('versions', () => {
  it('a new version supersedes the old one, which stays on record with its own file', async () => {
    const item = await server.deps.models.AgendaItem.create({ sessionId, order: 1, title: 'Dự thảo nghị quyết', kind: 'vote' });
    const v1 = (await uploadPdf(secretary, sessionId, tinyPdf(2, 'v1'), { title: 'Dự thảo NQ', kind: 'draft_resolution', agendaItemId: String(item._id), access: 'public' })).json.data.document;
    const res = await uploadPdf(secretary, sessionId, tinyPdf(3, 'v2'), { supersedes: v1.id });
    expect(res.status).toBe(200);
    const v2 = res.json.data.document;
    // Left out of the query: taken from the version it replaces.
    expect(v2).toMatchObject({ version: 2, supersedes: v1.id, supersededBy: null, title: 'Dự thảo NQ', kind: 'draft_resolution', access: 'public', agendaItemId: String(item._id), pages: 3 });
    const old = (await secretary.get(`/api/documents/${v1.id}`)).json.data;
    expect(old).toMatchObject({ version: 1, supersededBy: v2.id, pages: 2, sha256: v1.sha256 });
    expect((await secretary.get(`/api/documents/${v1.id}/file`)).status).toBe(200);

    const current = (await secretary.get(`/api/sessions/${sessionId}/documents`)).json.data.map((d: { id: string }) => d.id);
    expect(current).toContain(v2.id);
    expect(current).not.toContain(v1.id);
    const all = (await secretary.get(`/api/sessions/${sessionId}/documents?all=true`)).json.data.map((d: { id: string }) => d.id);
    expect(all).toEqual(expect.arrayContaining([v1.id, v2.id]));
  });

  it('a version that already has a successor cannot be superseded again (409), and nothing is kept', async () => {
    const v1 = (await uploadPdf(secretary, sessionId, tinyPdf(1, 'a'), meta)).json.data.document;
    expect((await uploadPdf(secretary, sessionId, tinyPdf(1, 'b'), { supersedes: v1.id })).status).toBe(200);
    const before = await documentCount();
    const again = await uploadPdf(secretary, sessionId, tinyPdf(1, 'c'), { supersedes: v1.id });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/phiên bản mới hơn/);
    expect(await documentCount()).toBe(before);
  });

  it('two new versions of one document at once: one wins, the other gets 409 and leaves no record or file', async () => {
    const v1 = (await uploadPdf(secretary, sessionId, tinyPdf(1, 'race'), meta)).json.data.document;
    const filesBefore = await filesBucket(server.deps.conn).find({}).toArray();
    const results = await Promise.all(['x', 'y', 'z'].map((m) => uploadPdf(secretary, sessionId, tinyPdf(1, `race-${m}`), { supersedes: v1.id })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const successors = await server.deps.models.Document.find({ supersedes: v1.id }).lean();
    expect(successors).toHaveLength(1);
    expect((await server.deps.models.Document.findById(v1.id).lean())!.supersededBy!.toString()).toBe(String(successors[0]!._id));
    expect(await filesBucket(server.deps.conn).find({}).toArray()).toHaveLength(filesBefore.length + 1);
  });
});

describe('the size limit', () => {
  let small: TestServer;
  let clerk: TestClient;
  let smallSessionId: string;
  beforeAll(async () => {
    small = await startTestServer({ env: { DOCUMENT_MAX_BYTES: String(100 * 1024) } });
    const c = await buildCast(small.deps);
    smallSessionId = String((await small.deps.models.CouncilSession.create({ councilId: c.council._id, title: 'Kỳ họp', startsAt: new Date(), endsAt: new Date() }))._id);
    clerk = new TestClient(small.url);
    await clerk.signIn(c.users.secretariat.login, TEST_PASSWORD);
  });
  afterAll(async () => small?.stop());

  it('answers 413 naming the limit when the file is larger than DOCUMENT_MAX_BYTES', async () => {
    const res = await uploadPdf(clerk, smallSessionId, fixture('tap-tai-lieu-500-trang.pdf'), meta);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: 'payload_too_large' });
    expect(res.json.message).toMatch(/tối đa 100 KB/);
  });

  it('answers 413 too when the size is not announced (chunked body)', async () => {
    const bytes = fixture('tap-tai-lieu-500-trang.pdf');
    const body = new ReadableStream({ start(ctrl) { for (let i = 0; i < bytes.length; i += 16384) ctrl.enqueue(new Uint8Array(bytes.subarray(i, i + 16384))); ctrl.close(); } });
    const res = await fetch(`${small.url}/api/sessions/${smallSessionId}/documents?title=A&kind=other`, {
      method: 'POST', body, duplex: 'half', headers: { ...clerk.headers, cookie: clerk.cookie!, 'content-type': 'application/pdf' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/100 KB/);
  });

  it('a file under the limit still goes through', async () => {
    expect((await uploadPdf(clerk, smallSessionId, fixture('hostile/javascript-on-open.pdf'), meta)).status).toBe(200);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { catalogArrayBomb, tinyPdf, uploadPdf } from '../../../test/helpers/documentFixtures.js';

/**
 * Issue 11, defect 1: a damaged PDF (`%PDF-1.7` then megabytes of random bytes) made pdf.js
 * run for the whole parse timeout and then throw from a callback, outside any request, which
 * ended the server. Untrusted files are now read in an isolate with its own time and memory
 * limits: these tests provoke both limits and check the server keeps serving.
 */
const hostile = (mb: number) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(mb * 1024 * 1024)]);
const meta = { title: 'Hồ sơ quét bị hỏng', kind: 'other' };

async function serverWith(env: Record<string, string>) {
  const server = await startTestServer({ env });
  const cast = await buildCast(server.deps);
  const session = await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  const secretary = new TestClient(server.url);
  await secretary.signIn(cast.users.secretariat.login, TEST_PASSWORD);
  return { server, secretary, sessionId: String(session._id) };
}

async function expectStillServing(server: TestServer, secretary: TestClient, sessionId: string) {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const good = await uploadPdf(secretary, sessionId, tinyPdf(2, `ok-${Date.now()}`), { title: 'Tờ trình', kind: 'submission' });
  expect(good.status).toBe(200);
  expect(good.json.data.document.pages).toBe(2);
}

describe('an untrusted PDF is read in an isolate: its time limit ends the isolate, never the server', () => {
  let s: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => { s = await serverWith({ DOCUMENT_INSPECT_SECONDS: '3' }); });
  afterAll(async () => s?.server.stop());

  it.each([50, 120])('refuses %i MB of random bytes after a PDF-1.7 header with a message naming the time limit, stores nothing, and keeps serving', async (mb) => {
    const res = await uploadPdf(s.secretary, s.sessionId, hostile(mb), meta);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'file', message: 'damaged' }] });
    expect(res.json.message).toMatch(/Không đọc xong tệp PDF này trong 3 giây.* \/ This PDF could not be read within 3 seconds/);
    expect(await s.server.deps.models.Document.countDocuments({ sessionId: s.sessionId, title: meta.title })).toBe(0);
    // Whatever pdf.js throws after the isolate was given up on must not reach this process.
    await new Promise((r) => setTimeout(r, 1500));
    await expectStillServing(s.server, s.secretary, s.sessionId);
  }, 90_000);
});

describe('an untrusted PDF is read in an isolate: its memory limit ends the isolate, never the server', () => {
  let s: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => { s = await serverWith({ DOCUMENT_INSPECT_SECONDS: '60', DOCUMENT_INSPECT_MEMORY_MB: '256' }); });
  afterAll(async () => s?.server.stop());

  it('refuses a 200 KB file whose catalog inflates to an array of 100 million numbers, with a message, and keeps serving', async () => {
    const bomb = catalogArrayBomb(200);
    expect(bomb.length).toBeLessThan(300_000);
    const res = await uploadPdf(s.secretary, s.sessionId, bomb, meta);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'file', message: 'damaged' }] });
    expect(res.json.message).toMatch(/Không đọc được tệp PDF này: tệp làm trình đọc quá tải/);
    expect(await s.server.deps.models.Document.countDocuments({ sessionId: s.sessionId, title: meta.title })).toBe(0);
    await expectStillServing(s.server, s.secretary, s.sessionId);
  }, 90_000);

  it('reads the same construction without the bomb as a valid one-page PDF (the refusal is the memory limit, not the format)', async () => {
    const res = await uploadPdf(s.secretary, s.sessionId, catalogArrayBomb(0), { title: 'Mẫu hợp lệ', kind: 'other' });
    expect(res.status).toBe(200);
    expect(res.json.data.document.pages).toBe(1);
  });
});

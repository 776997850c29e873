import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Role } from '../../../contract/roles.js';
import { verifyChain } from '../audit/verify.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { TestClient } from '../../../test/helpers/http.js';
import { buildDossier, sendRaw } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let d: Awaited<ReturnType<typeof buildDossier>>;

beforeAll(async () => {
  server = await startTestServer();
  d = await buildDossier(server);
});
afterAll(async () => server?.stop());

const file = (who: TestClient, id: string, headers: Record<string, string> = {}, query = '') => sendRaw(who, 'GET', `/api/documents/${id}/file${query}`, undefined, headers);

describe('who reads what, over HTTP', () => {
  // Named and confidential list the delegate and the observer.
  const EXPECTED: Record<Role | 'none', string[]> = {
    secretariat: ['public', 'council', 'named', 'confidential'],
    chair: ['public', 'council', 'named', 'confidential'],
    admin: ['public', 'council'],
    delegate: ['public', 'council', 'named', 'confidential'],
    meeting_point_operator: ['public', 'council'],
    observer: ['public', 'named', 'confidential'],
    none: [],
  };

  it.each(Object.entries(EXPECTED))('%s gets exactly %j: file, metadata and session list agree', async (role, readable) => {
    const client = d.as[role as Role | 'none'];
    for (const level of ['public', 'council', 'named', 'confidential'] as const) {
      const expected = readable.includes(level) ? 200 : 403;
      expect([level, (await file(client, d.ids[level])).status]).toEqual([level, expected]);
      expect([level, (await client.get(`/api/documents/${d.ids[level]}`)).status]).toEqual([level, expected]);
    }
    const list = await client.get(`/api/sessions/${d.sessionId}/documents`);
    if (role === 'none') return expect(list.status).toBe(403);
    expect(list.json.data.map((doc: { access: string }) => doc.access).sort()).toEqual([...readable].sort());
  });

  it('only the secretariat and the chair see who is on a named list', async () => {
    expect((await d.as.chair.get(`/api/documents/${d.ids.named}`)).json.data.allowedUserIds).toHaveLength(2);
    expect((await d.as.delegate.get(`/api/documents/${d.ids.named}`)).json.data.allowedUserIds).toEqual([]);
  });

  it('an unknown document is 404 and a malformed id 400', async () => {
    expect((await file(d.as.chair, 'f'.repeat(24))).status).toBe(404);
    expect((await file(d.as.chair, 'nope')).status).toBe(400);
  });
});

describe('confidential documents', () => {
  it('are never sent as a download, and never cached by the browser', async () => {
    const res = await file(d.as.delegate, d.ids.confidential, {}, '?download=1');
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/không được tải về/);
    const read = await file(d.as.delegate, d.ids.confidential);
    expect(read.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(read.headers.get('cache-control')).toBe('private, no-store');
  });

  it('carry the reader\'s name and the time in X-Watermark for the viewer to draw', async () => {
    const before = Date.now();
    const res = await file(d.as.observer, d.ids.confidential);
    const [name, at] = decodeURIComponent(res.headers.get('x-watermark')!).split(' · ');
    const user = await server.deps.models.User.findById(d.cast.users.observer.id).lean();
    expect(name).toBe(user!.displayName);
    expect(Date.parse(at!)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('every read joins the document\'s audit chain, which verifies; refused reads and other levels do not', async () => {
    const chain = `document:${d.ids.confidential}`;
    const count = () => server.deps.models.AuditEntry.countDocuments({ chain });
    const before = await count();
    await file(d.as.delegate, d.ids.confidential);
    await file(d.as.chair, d.ids.confidential, { range: 'bytes=0-99' });
    await file(d.as.admin, d.ids.confidential); // forbidden: not a read
    await file(d.as.delegate, d.ids.council);
    expect(await count()).toBe(before + 2);
    const last = await server.deps.models.AuditEntry.find({ chain }).sort({ seq: -1 }).limit(2).lean();
    expect(last.map((e) => [e.action, String(e.actorId), e.data.range, e.data.status])).toEqual([
      ['document:read', d.cast.users.chair.id, 'bytes=0-99', 206],
      ['document:read', d.cast.users.delegate.id, '', 200],
    ]);
    expect(await server.deps.models.AuditEntry.countDocuments({ chain: `document:${d.ids.council}` })).toBe(0);
    expect((await verifyChain(server.deps, chain)).ok).toBe(true);
  });
});


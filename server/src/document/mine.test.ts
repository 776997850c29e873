import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Role } from '../../../contract/roles.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCast, TEST_PASSWORD } from '../../../test/helpers/factories.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildDossier, uploadPdf, tinyPdf } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let d: Awaited<ReturnType<typeof buildDossier>>;
/** Named for the delegate alone, a draft session's public document, another council's public one. */
let delegateOnly: string;
let draftDoc: string;
let otherCouncilDoc: string;
let oldVersion: string;
let newVersion: string;

beforeAll(async () => {
  server = await startTestServer();
  d = await buildDossier(server);
  const up = async (sessionId: string, query: Record<string, string>) => {
    const res = await uploadPdf(d.as.secretariat, sessionId, tinyPdf(), { kind: 'other', fileName: 'x.pdf', ...query });
    if (res.status !== 200) throw new Error(`upload failed: ${res.status}`);
    return res.json.data.document.id as string;
  };
  delegateOnly = await up(d.sessionId, { title: 'Chỉ đại biểu', access: 'named', allowedUserIds: d.cast.users.delegate.id });
  oldVersion = await up(d.sessionId, { title: 'Bản cũ', access: 'named', allowedUserIds: d.cast.users.observer.id });
  newVersion = await up(d.sessionId, { supersedes: oldVersion });
  const draft = await server.deps.models.CouncilSession.create({ councilId: d.cast.council._id, title: 'Kỳ họp nháp', startsAt: new Date(), endsAt: new Date(), status: 'draft' });
  draftDoc = await up(String(draft._id), { title: 'Tài liệu kỳ họp nháp', access: 'public' });
  // Another council the cast is not part of; its secretariat uploads.
  const other = await buildCast(server.deps);
  const otherSession = await server.deps.models.CouncilSession.create({ councilId: other.council._id, title: 'Kỳ họp khác', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  const sec = new TestClient(server.url);
  await sec.signIn(other.users.secretariat.login, TEST_PASSWORD);
  const res = await uploadPdf(sec, String(otherSession._id), tinyPdf(), { title: 'Hội đồng khác', kind: 'other', access: 'public', fileName: 'k.pdf' });
  otherCouncilDoc = res.json.data.document.id;
});
afterAll(async () => server?.stop());

const ids = async (role: Role | 'none', query = '') => {
  const res = await d.as[role].get(`/api/me/documents${query}`);
  expect(res.status).toBe(200);
  return (res.json.data as Array<{ id: string }>).map((x) => x.id);
};

describe('GET /api/me/documents', () => {
  it('an observer gets the public documents and those naming them, nothing council-only or named for someone else', async () => {
    const got = await ids('observer');
    expect(got.sort()).toEqual([d.ids.public, d.ids.named, d.ids.confidential, newVersion].sort());
    expect(got).not.toContain(d.ids.council);
    expect(got).not.toContain(delegateOnly);
    expect(got).not.toContain(oldVersion);
    expect(got).not.toContain(draftDoc);
    expect(got).not.toContain(otherCouncilDoc);
  });

  it('?access=named,confidential: only what was granted by name, with its session', async () => {
    const res = await d.as.observer.get('/api/me/documents?access=named,confidential');
    const data = res.json.data as Array<{ id: string; access: string; allowedUserIds: string[]; session: { id: string; title: string; councilName: string } }>;
    expect(data.map((x) => x.id).sort()).toEqual([d.ids.named, d.ids.confidential, newVersion].sort());
    expect(data.every((x) => x.session.id === d.sessionId && x.session.title === 'Kỳ họp' && x.session.councilName !== '')).toBe(true);
    // The reader list stays the staff's business.
    expect(data.every((x) => x.allowedUserIds.length === 0)).toBe(true);
  });

  it('a delegate gets what the dossier rule gives them; the secretariat drafts too; no council, nothing', async () => {
    expect((await ids('delegate')).sort()).toEqual([d.ids.public, d.ids.council, d.ids.named, d.ids.confidential, delegateOnly].sort());
    expect((await ids('meeting_point_operator')).sort()).toEqual([d.ids.public, d.ids.council].sort());
    const staff = await ids('secretariat');
    expect(staff).toContain(draftDoc);
    expect(staff).toContain(delegateOnly);
    expect(staff).not.toContain(otherCouncilDoc);
    expect(await ids('none')).toEqual([]);
  });

  it('refuses an unknown access level, and anyone not signed in', async () => {
    expect((await d.as.observer.get('/api/me/documents?access=secret')).status).toBe(400);
    expect((await new TestClient(server.url).get('/api/me/documents')).status).toBe(401);
  });
});

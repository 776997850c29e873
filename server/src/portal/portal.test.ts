import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { PublicCalendar, PublicDelegateList, PublicSitting } from '../../../contract/portal.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import { TestClient } from '../../../test/helpers/http.js';
import { buildPortalWorld, type PortalWorld } from '../../../test/helpers/portalFixtures.js';

let server: TestServer;
let w: PortalWorld;
let anon: TestClient;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  w = await buildPortalWorld(server, sockets);
  anon = new TestClient(server.url);
}, 60_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
});

const VIEW_TTL_MS = 2100;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sittingOf = async (id = w.sittingId) => (await anon.get(`/api/public/sittings/${id}`)).json.data as PublicSitting;

/** Every portal answer an anonymous visitor can get for this council, concatenated. */
async function everything(): Promise<string> {
  const texts: string[] = [];
  const get = async (path: string) => { const r = await anon.get(path); texts.push(r.text); return r; };
  await get('/api/public/councils');
  const cal = (await get(`/api/public/councils/${w.councilIdStr}/calendar`)).json.data as PublicCalendar;
  await get(`/api/public/councils/${w.councilIdStr}/delegates`);
  for (const s of cal.sessions.flatMap((x) => x.sittings)) await get(`/api/public/sittings/${s.id}`);
  const h = w.hidden;
  for (const id of [h.closedSittingId, h.draftSittingId, h.draftSession.sittingId, h.cancelledSession.sittingId]) {
    await get(`/api/public/sittings/${id}`);
    await get(`/api/public/minutes/${id}/file`);
  }
  await get(`/api/public/resolutions/${h.closedPollId}/file`);
  return texts.join('\n');
}

describe('what the public portal never shows (leaks)', () => {
  it('no draft or cancelled session, no draft sitting, nothing of a closed sitting (họp kín): no title, item, poll, question or document', async () => {
    const text = await everything();
    expect(text).not.toMatch(/SECRET_/);
    for (const id of [w.hidden.closedSittingId, w.hidden.draftSittingId, w.hidden.closedPollId, w.hidden.closedDoc, w.hidden.draftSession.sessionId, w.hidden.cancelledSession.sessionId]) expect(text).not.toContain(id);
  });

  it('answers not_found, with a message, for a closed, a draft, a draft session\'s and a cancelled session\'s sitting, as for an unknown one', async () => {
    const h = w.hidden;
    for (const id of [h.closedSittingId, h.draftSittingId, h.draftSession.sittingId, h.cancelledSession.sittingId, '0'.repeat(24)]) {
      const res = await anon.get(`/api/public/sittings/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ ok: false, error: 'not_found', message: expect.stringContaining('Không tìm thấy') });
    }
  });

  it('lists and serves no council-only, named, confidential or withdrawn document, nor a public one of a closed sitting or hidden session', async () => {
    const s = await sittingOf();
    const h = w.hidden;
    const hiddenDocs = [h.named, h.confidential, h.councilDoc, h.closedDoc, h.draftSession.docId, h.cancelledSession.docId, w.docs.draft1];
    for (const id of hiddenDocs) {
      expect(JSON.stringify(s)).not.toContain(id);
      const res = await anon.get(`/api/public/documents/${id}/file`);
      expect([res.status, res.json?.error]).toEqual([404, 'not_found']);
    }
    await server.deps.models.Document.updateOne({ _id: w.generalPublic }, { withdrawnAt: new Date(), withdrawnReason: 'rút' });
    expect((await anon.get(`/api/public/documents/${w.generalPublic}/file`)).status).toBe(404);
    await pause(VIEW_TTL_MS); // listings are kept 2 s (no event tells of a withdrawal)
    expect((await sittingOf()).documents.map((d) => d.id)).not.toContain(w.generalPublic);
    await server.deps.models.Document.updateOne({ _id: w.generalPublic }, { withdrawnAt: null, withdrawnReason: null });
    await pause(VIEW_TTL_MS);
  });

  it('shows no result of a poll closed but not published, and no unsigned minutes', async () => {
    const s = await sittingOf();
    expect(s.polls).toEqual([]);
    expect(JSON.stringify(s)).not.toContain(w.polls.named);
    expect(s.minutes).toBeNull();
    expect((await anon.get(`/api/public/minutes/${w.sittingId}/file`)).status).toBe(404);
    await w.as.secretariat.post(`/api/sittings/${w.sittingId}/minutes/generate`);
    expect((await sittingOf()).minutes).toBeNull();
    expect((await anon.get(`/api/public/minutes/${w.sittingId}/file`)).status).toBe(404);
  });
});

describe('a public sitting on the portal', () => {
  it('gives the sitting\'s agenda, numbered as the tablets number it, without items of other sittings', async () => {
    const s = await sittingOf();
    expect(s).toMatchObject({ title: 'Phiên khai mạc', status: 'closed', date: '2026-07-14', startTime: '08:00', venue: 'Hội trường tỉnh', council: { electedTotal: 5 }, live: null });
    expect(s.agenda.map((i) => [i.number, i.title, i.depth])).toEqual([['1', 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm', 0], ['2', 'Chất vấn và trả lời chất vấn', 0]]);
  });

  it('lists the public documents of its items and the session, and streams one with Range (206) for pdf.js', async () => {
    const s = await sittingOf();
    expect(s.documents.map((d) => d.id).sort()).toEqual([w.docs.report, w.generalPublic].sort());
    const doc = s.documents.find((d) => d.id === w.docs.report)!;
    expect(doc).toMatchObject({ kind: 'review_report', pages: 3, agendaItemId: w.items[0], fileUrl: `/api/public/documents/${w.docs.report}/file` });
    const res = await fetch(`${server.url}${doc.fileUrl}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${doc.bytes}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const whole = await fetch(`${server.url}${doc.fileUrl}`);
    expect([whole.status, (await whole.arrayBuffer()).byteLength]).toEqual([200, doc.bytes]);
  });

  it('gives questions with their answers and commitments', async () => {
    const s = await sittingOf();
    const answered = s.questions.find((q) => q.official === 'Giám đốc Sở Tài chính')!;
    expect(answered).toMatchObject({ askedByName: 'Đặng Thị Hạnh', status: 'answered_orally', answer: { mode: 'oral', text: 'Sở sẽ giải ngân đủ vốn đầu tư công trong quý III.' }, commitments: [{ text: 'Hoàn thành giải ngân vốn đầu tư công', dueDate: '2026-09-30' }] });
    expect(s.questions.map((q) => q.official)).toContain('Giám đốc Sở Y tế');
  });

  it('once published: the named poll with each delegate\'s choice by name, the secret one with counts and outcome against N only', async () => {
    await w.publish();
    const s = await sittingOf();
    const named = s.polls.find((p) => p.id === w.polls.named)!;
    expect(named).toMatchObject({ secret: false, electedTotal: 5, requiredYes: 3, ballots: 4, didNotVote: 1, outcome: 'PASSED', thresholdText: 'Quá nửa tổng số đại biểu (trên 1/2 N)' });
    expect(named.counts.map((c) => [c.key, c.count])).toEqual([['yes', 3], ['no', 1], ['abstain', 0]]);
    expect(named.named!.map((n) => [n.name, n.choices])).toEqual(expect.arrayContaining([['Phạm Quốc Bảo', ['Đồng ý']], ['Nguyễn Thị Ánh Tuyết', ['Không đồng ý']]]));
    const secret = s.polls.find((p) => p.id === w.polls.secret)!;
    expect(secret).toMatchObject({ secret: true, kind: 'election', electedTotal: 5, ballots: 4 });
    expect(secret.named).toBeUndefined();
    expect(secret.counts.map((c) => [c.label, c.count, c.outcome])).toEqual([['Trịnh Minh Quân', 3, 'PASSED'], ['Đỗ Thị Lan', 1, 'FAILED']]);
    const secretText = JSON.stringify(secret);
    for (const voter of Object.values(w.ids)) expect(secretText).not.toContain(voter);
    expect(secretText).not.toMatch(/voter|receipt/i);
  });

  it('links the minutes once signed, and serves the signed PDF', async () => {
    const draft = (await w.as.chair.get(`/api/sittings/${w.sittingId}/minutes`)).json.data as { revision: number };
    expect((await w.as.chair.post(`/api/sittings/${w.sittingId}/minutes/sign`, { revision: draft.revision })).status).toBe(200);
    const s = await sittingOf();
    expect(s.minutes).toMatchObject({ fileUrl: `/api/public/minutes/${w.sittingId}/file`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const res = await fetch(`${server.url}${s.minutes!.fileUrl}`, { headers: { range: 'bytes=0-4' } });
    expect([res.status, Buffer.from(await res.arrayBuffer()).toString()]).toEqual([206, '%PDF-']);
  });

  it('answers an unchanged view with 304 to its ETag, and says how long it may be kept', async () => {
    const first = await anon.get(`/api/public/sittings/${w.sittingId}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=5');
    const again = await anon.request('GET', `/api/public/sittings/${w.sittingId}`, undefined, { 'if-none-match': etag });
    expect([again.status, again.text]).toEqual([304, '']);
  });

  it('shows an open sitting\'s live state: the current item and who has the floor, from where', async () => {
    const s = await sittingOf(w.liveSittingId);
    expect(s.status).toBe('open');
    expect(s.live).toMatchObject({ currentItemId: w.items[1], currentItemTitle: '2. Chất vấn và trả lời chất vấn', present: 2, electedTotal: 5, quorumMet: false, speaking: { name: 'Nguyễn Thị Ánh Tuyết', kind: 'speak', from: 'Điểm cầu xã Gia Viễn', limitSeconds: 420 } });
  });
});

describe('signed resolutions on the portal', () => {
  const fileOf = (pollId: string) => fetch(`${server.url}/api/public/resolutions/${pollId}/file`);
  const notFound = async (res: Response) => [res.status, await res.json()];
  const NOT_FOUND = [404, { ok: false, error: 'not_found', message: expect.stringContaining('Không tìm thấy nghị quyết') }];

  it('does not list or serve a resolution while it is a draft', async () => {
    expect((await w.as.secretariat.post(`/api/polls/${w.polls.named}/resolution`)).status).toBe(200);
    expect((await sittingOf()).resolutions).toEqual([]);
    expect(await notFound(await fileOf(w.polls.named))).toEqual(NOT_FOUND);
    expect(await notFound(await fileOf('0'.repeat(24)))).toEqual(NOT_FOUND);
  });

  it('lists a signed one with its number, the adoption day and the yes votes against N, and serves its PDF to anyone', async () => {
    const draft = (await w.as.chair.get(`/api/polls/${w.polls.named}/resolution`)).json.data as { revision: number };
    expect((await w.as.chair.post(`/api/polls/${w.polls.named}/resolution/sign`, { revision: draft.revision })).status).toBe(200);
    const [listed, ...others] = (await sittingOf()).resolutions;
    expect(others).toEqual([]);
    expect(listed).toMatchObject({
      pollId: w.polls.named, number: 'Số: 01/NQ-HĐND', title: 'Nghị quyết về ngân sách', yes: 3, electedTotal: 5,
      adoptedAt: expect.any(String), fileName: expect.stringMatching(/^nghi-quyet-01-\d{4}-ve-ngan-sach\.pdf$/), fileUrl: `/api/public/resolutions/${w.polls.named}/file`,
    });
    const res = await fetch(`${server.url}${listed!.fileUrl}`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('etag')]).toEqual([200, 'application/pdf', `"${listed!.sha256}"`]);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([listed!.bytes, listed!.sha256]);
    const part = await fetch(`${server.url}${listed!.fileUrl}`, { headers: { range: 'bytes=0-4' } });
    expect([part.status, Buffer.from(await part.arrayBuffer()).toString()]).toEqual([206, '%PDF-']);
  });

  it('never lists or serves one signed in a closed sitting (họp kín)', async () => {
    const pollId = w.hidden.closedPollId;
    expect((await w.as.secretariat.post(`/api/polls/${pollId}/resolution`)).status).toBe(200);
    const signed = await w.as.chair.post(`/api/polls/${pollId}/resolution/sign`, { revision: 1 });
    expect(signed.json.data).toMatchObject({ status: 'signed', sittingId: w.hidden.closedSittingId });
    expect(await notFound(await fileOf(pollId))).toEqual(NOT_FOUND);
    expect(JSON.stringify(await sittingOf())).not.toContain(pollId);
  });
});

describe('the calendar and the delegates', () => {
  it('lists the council\'s public sessions with their public sittings only', async () => {
    const cal = (await anon.get(`/api/public/councils/${w.councilIdStr}/calendar`)).json.data as PublicCalendar;
    expect(cal.council).toMatchObject({ id: w.councilIdStr, electedTotal: 5 });
    expect(cal.sessions.map((s) => s.id)).toEqual([w.sessionId]);
    expect(cal.sessions[0]!.sittings.map((s) => s.title)).toEqual(['Phiên khai mạc', 'Phiên chiều']);
    expect((await anon.get('/api/public/councils')).json.data.map((c: { id: string }) => c.id)).toContain(w.councilIdStr);
  });

  it('gives each delegate\'s attendance at public sittings held (closed sittings count neither way)', async () => {
    const list = (await anon.get(`/api/public/councils/${w.councilIdStr}/delegates`)).json.data as PublicDelegateList;
    expect(list.held).toBe(1);
    const by = new Map(list.delegates.map((d) => [d.name, [d.attended, d.held]]));
    expect(by.get('Phạm Quốc Bảo')).toEqual([1, 1]);
    expect(by.get('Nguyễn Thị Ánh Tuyết')).toEqual([1, 1]);
    expect(by.get('Lương Ngọc Khánh')).toEqual([0, 1]);
    expect(by.has('Lê Văn Thư')).toBe(false);
    expect(JSON.stringify(list)).not.toMatch(/login|email|phone/i);
  });

  it('answers not_found for an unknown council and validation_failed for a malformed id', async () => {
    expect((await anon.get(`/api/public/councils/${'0'.repeat(24)}/calendar`)).json.error).toBe('not_found');
    expect((await anon.get('/api/public/councils/xyz/delegates')).json.error).toBe('validation_failed');
  });
});

describe('the portal in the API description', () => {
  it('/api/openapi.json lists the portal routes (with the webcast\'s live files and the recordings) as GET without a session, and every other route still with one', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, open: !op.security?.length })));
    const portal = ops.filter((o) => o.key.includes(' /api/public/'));
    expect(portal.map((o) => o.key).sort()).toEqual([
      'GET /api/public/councils', 'GET /api/public/councils/{councilId}/calendar', 'GET /api/public/councils/{councilId}/delegates',
      'GET /api/public/documents/{documentId}/file', 'GET /api/public/minutes/{sittingId}/file', 'GET /api/public/resolutions/{pollId}/file', 'GET /api/public/sittings/{sittingId}',
      'GET /api/public/sittings/{sittingId}/live/{file}', 'GET /api/public/sittings/{sittingId}/recording/{file}',
    ]);
    expect(portal.every((o) => o.open)).toBe(true);
  });
});

describe('once everything public is published, still nothing else', () => {
  it('every portal answer, polls published and minutes signed, still holds nothing of the hidden sittings, sessions and documents', async () => {
    const text = await everything();
    expect(text).toContain('Trịnh Minh Quân');
    expect(text).not.toMatch(/SECRET_/);
    for (const id of [w.hidden.closedSittingId, w.hidden.closedPollId, w.hidden.named, w.hidden.confidential, w.hidden.councilDoc]) expect(text).not.toContain(id);
  });
});

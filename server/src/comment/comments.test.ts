import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { CommentView } from '../../../contract/notes.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCommentFixture, type CommentFixture } from '../../../test/helpers/commentFixtures.js';

let server: TestServer;
let f: CommentFixture;
let draft: string;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildCommentFixture(server);
  draft = await f.addDoc({ title: 'Dự thảo Nghị quyết về chính sách hỗ trợ cấp xã', pages: 4 });
});
afterAll(async () => server?.stop());

const comment = (page: number, text: string) => ({ page, text });

describe('comments on drafts (góp ý dự thảo)', () => {
  it('a delegate and the chair comment on pages of a draft resolution; each comment names the draft, its version and its author', async () => {
    const a = await f.as.delegate.post(`/api/documents/${draft}/comments`, comment(2, '  Đề nghị bổ sung đối tượng là người hoạt động không chuyên trách.  '));
    expect(a.status).toBe(200);
    expect(a.json.data).toEqual({
      id: expect.any(String), documentId: draft, documentTitle: 'Dự thảo Nghị quyết về chính sách hỗ trợ cấp xã', documentVersion: 1, page: 2,
      text: 'Đề nghị bổ sung đối tượng là người hoạt động không chuyên trách.', authorId: f.cast.users.delegate.id, authorName: 'Phạm Quốc Bảo',
      createdAt: expect.any(String), response: null,
    });
    const b = await f.as.chair.post(`/api/documents/${draft}/comments`, comment(1, 'Rà soát căn cứ pháp lý.'));
    expect(b.json.data).toMatchObject({ authorName: 'Trần Thị Minh Hoa', page: 1 });
  });

  it('refuses comments on anything but a draft resolution with a bilingual conflict saying what the document is', async () => {
    const cases = [['submission', /tờ trình.*a submission/], ['review_report', /báo cáo thẩm tra.*a review report/], ['other', /tài liệu khác/]] as const;
    for (const [kind, words] of cases) {
      const doc = await f.addDoc({ kind });
      const res = await f.as.delegate.post(`/api/documents/${doc}/comments`, comment(1, 'Góp ý'));
      expect(res).toMatchObject({ status: 409, json: { ok: false, error: 'conflict' } });
      expect(res.json.message).toMatch(/^Chỉ góp ý được vào dự thảo nghị quyết; .* \/ Comments can only be made on a draft resolution; /);
      expect(res.json.message).toMatch(words);
    }
  });

  it('only delegates and the chair comment: the secretariat, an admin, an operator and an observer are refused', async () => {
    const publicDraft = await f.addDoc({ access: 'public' });
    for (const who of [f.as.secretariat, f.as.admin, f.as.meeting_point_operator, f.as.observer, f.as.none]) {
      expect(await who.post(`/api/documents/${publicDraft}/comments`, comment(1, 'Góp ý'))).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    }
  });

  it('a delegate who may not read a named draft may not comment on it', async () => {
    const named = await f.addDoc({ access: 'named', allowedUserIds: [f.delegate2Id] });
    expect((await f.as.delegate.post(`/api/documents/${named}/comments`, comment(1, 'Góp ý'))).status).toBe(403);
    expect((await f.as.delegate2.post(`/api/documents/${named}/comments`, comment(1, 'Góp ý'))).status).toBe(200);
  });

  it('refuses a page past the end, a blank text and a page 0 with validation_failed', async () => {
    expect(await f.as.delegate.post(`/api/documents/${draft}/comments`, comment(5, 'x'))).toMatchObject({ status: 400, json: { issues: [{ path: 'page' }] } });
    expect(await f.as.delegate.post(`/api/documents/${draft}/comments`, comment(1, '   '))).toMatchObject({ status: 400, json: { issues: [{ path: 'text' }] } });
    expect(await f.as.delegate.post(`/api/documents/${draft}/comments`, comment(0, 'x'))).toMatchObject({ status: 400, json: { issues: [{ path: 'page' }] } });
  });

  it('on a document, a delegate sees only their own comments; the secretariat and the chair see every one, by page', async () => {
    const doc = await f.addDoc({ pages: 4 });
    await f.as.delegate2.post(`/api/documents/${doc}/comments`, comment(3, 'Ý kiến của đại biểu Hạnh'));
    await f.as.delegate.post(`/api/documents/${doc}/comments`, comment(4, 'Ý kiến của đại biểu Bảo'));
    await f.as.delegate.post(`/api/documents/${doc}/comments`, comment(1, 'Ý kiến thứ hai của đại biểu Bảo'));
    const own = (await f.as.delegate.get(`/api/documents/${doc}/comments`)).json.data as CommentView[];
    expect(own.map((c) => [c.page, c.authorName])).toEqual([[1, 'Phạm Quốc Bảo'], [4, 'Phạm Quốc Bảo']]);
    for (const staff of [f.as.secretariat, f.as.chair]) {
      const all = (await staff.get(`/api/documents/${doc}/comments`)).json.data as CommentView[];
      expect(all.map((c) => c.page)).toEqual([1, 3, 4]);
    }
    expect((await f.as.observer.get(`/api/documents/${doc}/comments`)).status).toBe(403);
  });

  it('the secretariat responds (tiếp thu), then replaces it (giải trình): the view keeps who and when, the earlier response stays on record', async () => {
    const c = (await f.as.delegate2.post(`/api/documents/${draft}/comments`, comment(3, 'Đề nghị nâng mức hỗ trợ.'))).json.data as CommentView;
    const first = await f.as.secretariat.post(`/api/comments/${c.id}/response`, { outcome: 'accepted', text: 'Đã bổ sung vào khoản 2 Điều 3.' });
    expect(first.json.data.response).toEqual({ outcome: 'accepted', text: 'Đã bổ sung vào khoản 2 Điều 3.', by: f.cast.users.secretariat.id, byName: 'Lê Văn Thư', at: expect.any(String) });
    const second = await f.as.secretariat.post(`/api/comments/${c.id}/response`, { outcome: 'explained', text: 'Ngân sách tỉnh chưa cân đối được; giữ mức như dự thảo.' });
    expect(second.json.data.response).toMatchObject({ outcome: 'explained', byName: 'Lê Văn Thư' });
    expect(Date.parse(second.json.data.response.at)).toBeGreaterThanOrEqual(Date.parse(first.json.data.response.at));
    const stored = await server.deps.models.Comment.findById(c.id).lean();
    expect(stored!.earlierResponses).toEqual([expect.objectContaining({ outcome: 'accepted', text: 'Đã bổ sung vào khoản 2 Điều 3.' })]);
    // The author sees the response on their own comment.
    const own = (await f.as.delegate2.get(`/api/documents/${draft}/comments`)).json.data as CommentView[];
    expect(own.find((x) => x.id === c.id)?.response?.outcome).toBe('explained');
  });

  it('only the secretariat responds: the chair and the author are refused; a blank response or an unknown outcome is invalid', async () => {
    const c = (await f.as.delegate.post(`/api/documents/${draft}/comments`, comment(1, 'Góp ý'))).json.data as CommentView;
    for (const who of [f.as.chair, f.as.delegate]) {
      expect((await who.post(`/api/comments/${c.id}/response`, { outcome: 'accepted', text: 'Tự trả lời' })).status).toBe(403);
    }
    expect((await f.as.secretariat.post(`/api/comments/${c.id}/response`, { outcome: 'accepted', text: ' ' })).status).toBe(400);
    expect((await f.as.secretariat.post(`/api/comments/${c.id}/response`, { outcome: 'rejected', text: 'Không' })).status).toBe(400);
    expect((await f.as.secretariat.post(`/api/comments/${'0'.repeat(24)}/response`, { outcome: 'accepted', text: 'x' })).status).toBe(404);
  });
});

describe('every comment of a session', () => {
  it('lists comments by document in dossier order, then version, page and time, for the secretariat and the chair only', async () => {
    const g = await buildCommentFixture(server);
    const first = await g.addDoc({ title: 'Dự thảo A', pages: 5 });
    const second = await g.addDoc({ title: 'Dự thảo B', pages: 5 });
    const firstV2 = await g.addDoc({ title: 'Dự thảo A (sửa)', pages: 5, supersedes: { id: first, version: 1 } });
    const post = (doc: string, page: number, text: string, who = g.as.delegate) => who.post(`/api/documents/${doc}/comments`, comment(page, text));
    await post(second, 1, 'B1');
    await post(firstV2, 2, 'A2-v2');
    await post(first, 4, 'A4');
    await post(first, 2, 'A2-sau', g.as.delegate2);
    await post(first, 2, 'A2-sau-nua', g.as.chair);
    const list = await g.as.secretariat.get(`/api/sessions/${g.sessionId}/comments`);
    expect(list.status).toBe(200);
    expect((list.json.data as CommentView[]).map((c) => `${c.documentTitle} v${c.documentVersion} p${c.page} ${c.text}`)).toEqual([
      'Dự thảo A v1 p2 A2-sau', 'Dự thảo A v1 p2 A2-sau-nua', 'Dự thảo A v1 p4 A4', 'Dự thảo A (sửa) v2 p2 A2-v2', 'Dự thảo B v1 p1 B1',
    ]);
    expect((await g.as.chair.get(`/api/sessions/${g.sessionId}/comments`)).json.data).toHaveLength(5);
    for (const who of [g.as.delegate, g.as.admin, g.as.observer]) expect((await who.get(`/api/sessions/${g.sessionId}/comments`)).status).toBe(403);
  });
});

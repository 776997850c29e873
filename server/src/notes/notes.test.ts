import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCommentFixture, type CommentFixture } from '../../../test/helpers/commentFixtures.js';

let server: TestServer;
let f: CommentFixture;
let docId: string;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildCommentFixture(server);
  docId = await f.addDoc({ kind: 'submission', pages: 5 });
});
afterAll(async () => server?.stop());

const highlight = { page: 2, kind: 'highlight', text: 'Xem lại mức hỗ trợ', rect: { x: 72, y: 600, w: 300, h: 14 }, color: 'green' };

describe('private notes and highlights', () => {
  it('a delegate adds a note and a highlight and gets them back ordered by page, with defaults filled in', async () => {
    const doc = await f.addDoc({ pages: 5 });
    const a = await f.as.delegate.post(`/api/documents/${doc}/notes`, highlight);
    const b = await f.as.delegate.post(`/api/documents/${doc}/notes`, { page: 1, kind: 'note', text: 'Hỏi Sở Tài chính' });
    expect(a.status).toBe(200);
    expect(b.json.data).toMatchObject({ documentId: doc, page: 1, kind: 'note', text: 'Hỏi Sở Tài chính', rect: null, color: 'yellow' });
    const list = await f.as.delegate.get(`/api/documents/${doc}/notes`);
    expect(list.json.data.map((n: { page: number }) => n.page)).toEqual([1, 2]);
    expect(list.json.data[1]).toEqual({ ...highlight, id: a.json.data.id, documentId: doc, createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it('nobody else ever sees a note: not another delegate, the chair, the secretariat or an admin — in lists or by id', async () => {
    const mine = await f.as.delegate.post(`/api/documents/${docId}/notes`, { page: 3, kind: 'note', text: 'Ý riêng của tôi' });
    const id = mine.json.data.id as string;
    for (const other of [f.as.delegate2, f.as.chair, f.as.secretariat, f.as.admin]) {
      const list = await other.get(`/api/documents/${docId}/notes`);
      expect(list.status).toBe(200);
      expect(list.json.data.find((n: { id: string }) => n.id === id)).toBeUndefined();
      // Someone else's note does not exist for you: not_found, not forbidden, so not even its existence leaks.
      expect(await other.patch(`/api/notes/${id}`, { text: 'sửa trộm' })).toMatchObject({ status: 404, json: { error: 'not_found' } });
      expect(await other.delete(`/api/notes/${id}`)).toMatchObject({ status: 404, json: { error: 'not_found' } });
    }
    const still = await f.as.delegate.get(`/api/documents/${docId}/notes`);
    expect(still.json.data.find((n: { id: string }) => n.id === id)).toMatchObject({ text: 'Ý riêng của tôi' });
  });

  it('the owner changes the text and colour, then deletes the note', async () => {
    const created = (await f.as.chair.post(`/api/documents/${docId}/notes`, highlight)).json.data;
    const changed = await f.as.chair.patch(`/api/notes/${created.id}`, { text: 'Đã trao đổi', color: 'pink' });
    expect(changed.json.data).toMatchObject({ id: created.id, text: 'Đã trao đổi', color: 'pink', rect: highlight.rect, page: 2 });
    expect(Date.parse(changed.json.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(await f.as.chair.delete(`/api/notes/${created.id}`)).toMatchObject({ status: 200, json: { ok: true, data: null } });
    expect((await f.as.chair.get(`/api/documents/${docId}/notes`)).json.data).toEqual([]);
    expect((await f.as.chair.delete(`/api/notes/${created.id}`)).status).toBe(404);
  });

  it('needs a document the caller may read: an observer on a council document, an outsider, and an unlisted delegate on a named one are refused', async () => {
    const named = await f.addDoc({ access: 'named', allowedUserIds: [f.delegate2Id] });
    const note = { page: 1, kind: 'note', text: 'x' };
    expect(await f.as.observer.post(`/api/documents/${docId}/notes`, note)).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect(await f.as.none.post(`/api/documents/${docId}/notes`, note)).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect(await f.as.delegate.post(`/api/documents/${named}/notes`, note)).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect((await f.as.delegate2.post(`/api/documents/${named}/notes`, note)).status).toBe(200);
  });

  it('refuses a page past the end of the document and a highlight without an area, naming the field', async () => {
    const past = await f.as.delegate.post(`/api/documents/${docId}/notes`, { page: 6, kind: 'note', text: 'x' });
    expect(past).toMatchObject({ status: 400, json: { error: 'validation_failed', issues: [{ path: 'page' }] } });
    expect(past.json.message).toMatch(/5 trang/);
    const bare = await f.as.delegate.post(`/api/documents/${docId}/notes`, { page: 1, kind: 'highlight' });
    expect(bare).toMatchObject({ status: 400, json: { error: 'validation_failed', issues: [{ path: 'rect' }] } });
    const bad = await f.as.delegate.post(`/api/documents/${docId}/notes`, { page: 0, kind: 'scribble' });
    expect(bad).toMatchObject({ status: 400, json: { error: 'validation_failed' } });
  });

  it('a note belongs to one version of a document: the next version starts without it', async () => {
    const v1 = await f.addDoc({ pages: 3 });
    await f.as.delegate.post(`/api/documents/${v1}/notes`, { page: 1, kind: 'note', text: 'trên bản 1' });
    const v2 = await f.addDoc({ pages: 3, supersedes: { id: v1, version: 1 } });
    expect((await f.as.delegate.get(`/api/documents/${v2}/notes`)).json.data).toEqual([]);
    expect((await f.as.delegate.get(`/api/documents/${v1}/notes`)).json.data).toHaveLength(1);
  });
});

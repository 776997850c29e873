import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Types } from 'mongoose';
import type { PresenterPage } from '../../../contract/notes.js';
import type { AccessLevel } from '../../../contract/document.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { startServer } from '../app/server.js';
import { buildCouncil, buildMembership, buildUser } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';

let server: TestServer;
const open: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); });

type Paged = PresenterPage & { by: string };
const cid = () => randomUUID();

/** A council with a chair, a secretary, two delegates and an observer; an open sitting; documents of its session and of another. */
async function buildPresentation() {
  const { models } = server.deps;
  const council = await buildCouncil(server.deps);
  const person = async (role: 'chair' | 'secretariat' | 'delegate' | 'observer') => {
    const u = await buildUser(server.deps);
    await buildMembership(server.deps, u._id, council._id, role);
    return String(u._id);
  };
  const [chair, secretary, speaker, listener, observer] = [await person('chair'), await person('secretariat'), await person('delegate'), await person('delegate'), await person('observer')];
  const mkSession = () => models.CouncilSession.create({ councilId: council._id, title: 'Kỳ họp', startsAt: new Date(), endsAt: new Date(), status: 'published' });
  const session = await mkSession();
  const other = await mkSession();
  const doc = async (sessionId: Types.ObjectId, access: AccessLevel = 'council', pages = 12) => String((await models.Document.create({
    sessionId, title: 'Dự thảo', kind: 'draft_resolution', access, fileId: council._id, fileName: 'a.pdf', sha256: randomUUID(), bytes: 1, pages,
  }))._id);
  const sitting = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên họp', status: 'open' });
  return {
    sittingId: String(sitting._id), chair, secretary, speaker, listener, observer,
    docId: await doc(session._id), confidentialId: await doc(session._id, 'confidential'), otherSessionDocId: await doc(other._id),
    otherSittingId: String((await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên khác', status: 'open' }))._id),
  };
}
type Presentation = Awaited<ReturnType<typeof buildPresentation>>;

async function connect(userId: string, joinSittingId?: string): Promise<ClientSocket> {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId));
  open.push(s);
  if (joinSittingId) {
    const res = await s.emitWithAck('sitting:join', { sittingId: joinSittingId });
    if (!res.ok) throw new Error(res.message);
  }
  return s;
}

/** Every presenter:paged a socket receives, in order. */
function record(s: ClientSocket): Paged[] {
  const got: Paged[] = [];
  s.on('presenter:paged', (p) => got.push(p));
  return got;
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function grantFloor(p: Presentation, chair: ClientSocket, speaker: ClientSocket) {
  await speaker.emitWithAck('floor:request', { sittingId: p.sittingId, commandId: cid(), kind: 'speak' });
  const snap = await chair.emitWithAck('sitting:snapshot', { sittingId: p.sittingId });
  const requestId = snap.ok ? snap.data.state.queue.find((q) => q.userId === p.speaker)!.requestId : '';
  expect((await chair.emitWithAck('floor:grant', { sittingId: p.sittingId, commandId: cid(), requestId })).ok).toBe(true);
}

describe('follow the presenter', () => {
  it('the chair shows a page: every socket joined to the sitting receives it with who showed it, and presenter:get returns it', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const followers = [await connect(p.listener, p.sittingId), await connect(p.observer, p.sittingId)];
    const got = followers.map(record);
    expect(await followers[0]!.emitWithAck('presenter:get', { sittingId: p.sittingId })).toEqual({ ok: true, data: null });
    expect(await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 4 })).toEqual({ ok: true, data: null });
    const expected = { sittingId: p.sittingId, documentId: p.docId, page: 4, by: p.chair };
    await until(() => got.every((g) => g.length === 1));
    for (const g of got) expect(g).toEqual([expected]);
    expect(await followers[1]!.emitWithAck('presenter:get', { sittingId: p.sittingId })).toEqual({ ok: true, data: expected });
  });

  it('the secretariat may present too', async () => {
    const p = await buildPresentation();
    const secretary = await connect(p.secretary, p.sittingId);
    expect((await secretary.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 1 })).ok).toBe(true);
  });

  it('a delegate who does not have the floor is refused; the speaker may present while they speak, and not after', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const speaker = await connect(p.speaker, p.sittingId);
    const listener = await connect(p.listener, p.sittingId);
    const got = record(listener);
    const page = (n: number) => speaker.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: n });
    expect(await page(2)).toMatchObject({ ok: false, error: 'forbidden' });
    await grantFloor(p, chair, speaker);
    expect(await page(3)).toEqual({ ok: true, data: null });
    await until(() => got.length === 1);
    expect(got[0]).toEqual({ sittingId: p.sittingId, documentId: p.docId, page: 3, by: p.speaker });
    // Another delegate, not speaking, is still refused.
    expect(await listener.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 5 })).toMatchObject({ ok: false, error: 'forbidden' });
    expect((await chair.emitWithAck('floor:end', { sittingId: p.sittingId, commandId: cid() })).ok).toBe(true);
    expect(await page(4)).toMatchObject({ ok: false, error: 'forbidden' });
    expect(got).toHaveLength(1);
  });

  it('a socket not joined to the sitting receives no presenter:paged, not even when joined to another sitting', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const follower = await connect(p.listener, p.sittingId);
    const outsiders = [await connect(p.speaker), await connect(p.observer, p.otherSittingId)];
    const got = record(follower);
    const leaked = outsiders.map(record);
    for (let page = 1; page <= 3; page++) await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page });
    await until(() => got.length === 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toEqual([[], []]);
    // Having left, a follower stops receiving pages.
    await follower.emitWithAck('sitting:leave', { sittingId: p.sittingId });
    await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 9 });
    await new Promise((r) => setTimeout(r, 200));
    expect(got.map((g) => g.page)).toEqual([1, 2, 3]);
  });

  it('a socket that has not joined the sitting may neither present nor ask for the page being presented', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair);
    expect(await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 1 })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await chair.emitWithAck('presenter:get', { sittingId: p.sittingId })).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('the document must belong to the sitting\'s session, be readable by the presenter and have the page', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const speaker = await connect(p.speaker, p.sittingId);
    const other = await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.otherSessionDocId, page: 1 });
    expect(other).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'documentId' }] });
    expect(await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 13 })).toMatchObject({ ok: false, error: 'validation_failed', issues: [{ path: 'page' }] });
    expect(await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: '0'.repeat(24), page: 1 })).toMatchObject({ ok: false, error: 'not_found' });
    await grantFloor(p, chair, speaker);
    // The speaker is not on the confidential document's list: they may not show it.
    expect(await speaker.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.confidentialId, page: 1 })).toMatchObject({ ok: false, error: 'forbidden' });
    expect((await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.confidentialId, page: 1 })).ok).toBe(true);
  });

  it('a malformed payload is refused with validation_failed, in the one error shape', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const res = await chair.emitWithAck('presenter:page', { sittingId: 'nope', documentId: p.docId, page: 0 } as never);
    expect(res).toMatchObject({ ok: false, error: 'validation_failed', message: expect.any(String), issues: expect.arrayContaining([expect.objectContaining({ path: 'sittingId' }), expect.objectContaining({ path: 'page' })]) });
    expect(await chair.emitWithAck('presenter:get', {} as never)).toMatchObject({ ok: false, error: 'validation_failed' });
  });

  it('pages turned in quick succession reach followers in order, and the last one is remembered', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    const follower = await connect(p.listener, p.sittingId);
    const got = record(follower);
    const acks = await Promise.all(Array.from({ length: 12 }, (_, i) => chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: i + 1 })));
    expect(acks.every((a) => a.ok)).toBe(true);
    await until(() => got.length === 12);
    expect(got.map((g) => g.page)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await follower.emitWithAck('presenter:get', { sittingId: p.sittingId })).toMatchObject({ ok: true, data: { page: 12, by: p.chair } });
  });

  it('a server restarted after a page was shown still gives that page to a screen that starts following', async () => {
    const p = await buildPresentation();
    const chair = await connect(p.chair, p.sittingId);
    expect((await chair.emitWithAck('presenter:page', { sittingId: p.sittingId, documentId: p.docId, page: 7 })).ok).toBe(true);
    // A second server on the same database: a fresh process, with nothing in memory.
    const again = await startServer({ config: server.deps.config, log: server.deps.log, conn: server.deps.conn, media: null });
    try {
      const s = await connectSocket(again.url, await cookieFor(server.deps, p.listener));
      open.push(s);
      expect((await s.emitWithAck('sitting:join', { sittingId: p.sittingId })).ok).toBe(true);
      expect(await s.emitWithAck('presenter:get', { sittingId: p.sittingId })).toEqual({ ok: true, data: { sittingId: p.sittingId, documentId: p.docId, page: 7, by: p.chair } });
    } finally {
      await again.close();
    }
  });
});


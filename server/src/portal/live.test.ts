import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PORTAL_EVENTS, PORTAL_NAMESPACE, type PublicSitting } from '../../../contract/portal.js';
import type { Ack } from '../../../contract/errors.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import { commander } from '../../../test/helpers/recordsFixtures.js';
import { buildPortalWorld, type PortalWorld } from '../../../test/helpers/portalFixtures.js';

let server: TestServer;
let w: PortalWorld;
const sockets: ClientSocket[] = [];
const visitors: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  w = await buildPortalWorld(server, sockets);
}, 60_000);
afterAll(async () => {
  [...sockets, ...visitors].forEach((x) => x.close());
  await server?.stop();
});

/** An anonymous visitor: no cookie at all. */
async function visitor(): Promise<Socket> {
  const s = ioClient(`${server.url}${PORTAL_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  visitors.push(s);
  await new Promise<void>((resolve, reject) => { s.once('connect', () => resolve()); s.once('connect_error', reject); });
  return s;
}
const follow = (s: Socket, payload: unknown) => s.timeout(5000).emitWithAck(PORTAL_EVENTS.follow, payload) as Promise<Ack<PublicSitting>>;
const next = <T>(s: Socket, event: string, ms = 5000) => new Promise<T>((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
  s.once(event, (p: T) => { clearTimeout(t); resolve(p); });
});

describe('following a public sitting live, without signing in', () => {
  it('an anonymous visitor connects to the portal namespace (and still not to the members\' one)', async () => {
    await visitor();
    const members = ioClient(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    visitors.push(members);
    await expect(new Promise((resolve, reject) => { members.once('connect', () => resolve('connected')); members.once('connect_error', reject); })).rejects.toThrow();
  });

  it('follows an open public sitting: the ack holds its public view, and a change of the current item is pushed', async () => {
    const v = await visitor();
    const ack = await follow(v, { sittingId: w.liveSittingId });
    expect(ack.ok && ack.data.live?.currentItemId).toBe(w.items[1]);
    const chair = await commander(server, w.cast.users.chair.id, sockets);
    await chair('sitting:join', { sittingId: w.liveSittingId });
    const pushed = next<PublicSitting>(v, PORTAL_EVENTS.sitting);
    await chair('agenda:setCurrent', { sittingId: w.liveSittingId, commandId: randomUUID(), agendaItemId: null });
    expect((await pushed).live).toMatchObject({ currentItemId: null, currentItemTitle: null });
  });

  it('pushes the published results when the chair publishes a poll', async () => {
    const v = await visitor();
    const ack = await follow(v, { sittingId: w.sittingId });
    expect(ack.ok && ack.data.polls).toEqual([]);
    const pushed = next<PublicSitting>(v, PORTAL_EVENTS.sitting);
    await w.publish();
    const view = await pushed;
    expect(view.polls.length).toBeGreaterThan(0);
    expect(view.polls.every((p) => !p.secret || p.named === undefined)).toBe(true);
  });

  it('pushes a resolution of the sitting to its followers when the chair signs it', async () => {
    const v = await visitor();
    const ack = await follow(v, { sittingId: w.sittingId });
    expect(ack.ok && ack.data.resolutions).toEqual([]);
    const draft = await w.as.secretariat.post(`/api/polls/${w.polls.named}/resolution`);
    const pushed = next<PublicSitting>(v, PORTAL_EVENTS.sitting);
    expect((await w.as.chair.post(`/api/polls/${w.polls.named}/resolution/sign`, { revision: draft.json.data.revision })).status).toBe(200);
    expect((await pushed).resolutions).toEqual([expect.objectContaining({ pollId: w.polls.named, number: 'Số: 01/NQ-HĐND' })]);
  });

  it('refuses, as not_found, to follow a closed (họp kín), draft or unknown sitting; junk payloads get validation_failed, never a crash', async () => {
    const v = await visitor();
    for (const id of [w.hidden.closedSittingId, w.hidden.draftSittingId, w.hidden.draftSession.sittingId, '0'.repeat(24)]) {
      const ack = await follow(v, { sittingId: id });
      expect(ack).toMatchObject({ ok: false, error: 'not_found' });
      expect(JSON.stringify(ack)).not.toMatch(/SECRET_/);
    }
    for (const junk of [null, 42, 'x', [], {}, { sittingId: { $ne: null } }, { sittingId: 'x'.repeat(100_000) }, { __proto__: { admin: true } }]) {
      expect(await follow(v, junk)).toMatchObject({ ok: false, error: 'validation_failed' });
    }
  });

  it('stops at once when a followed sitting is made closed-doors: portal:gone, then nothing more, and it cannot be followed again', async () => {
    const sitting = await server.deps.models.Sitting.create({ sessionId: w.session._id, councilId: w.cast.council._id, title: 'Phiên sáng thứ Năm', status: 'published', agendaItemIds: [w.items[0]!] });
    const id = String(sitting._id);
    const v = await visitor();
    expect((await follow(v, { sittingId: id })).ok).toBe(true);
    const pushes: PublicSitting[] = [];
    v.on(PORTAL_EVENTS.sitting, (p: PublicSitting) => pushes.push(p));
    const gone = next<{ sittingId: string }>(v, PORTAL_EVENTS.gone);
    const res = await w.as.secretariat.patch(`/api/sittings/${id}`, { closedDoors: true, title: 'SECRET_now_closed' });
    expect(res.status).toBe(200);
    expect(await gone).toEqual({ sittingId: id });
    await new Promise((r) => setTimeout(r, 600));
    expect(JSON.stringify(pushes)).not.toMatch(/SECRET_/);
    expect(await follow(v, { sittingId: id })).toMatchObject({ ok: false, error: 'not_found' });
  });
});

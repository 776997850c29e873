import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, sendCommand, type LiveSitting } from '../helpers/liveFixtures.js';
import { TestClient } from '../helpers/http.js';
import type { ClientSocket } from '../helpers/sockets.js';

/**
 * Issue 11, defect 6: a guest (khách mời) saw a sitting that was never published, and the
 * chair's console offered to open it. A draft is its staff's (chair, secretariat) until
 * published; opening it is refused with a message saying to publish first.
 */
let server: TestServer;
let f: LiveSitting;
const sockets: ClientSocket[] = [];
const rest = {} as Record<'chair' | 'secretariat' | 'delegate' | 'observer', TestClient>;
const live = {} as Record<'chair' | 'delegate' | 'observer', ClientSocket>;

beforeAll(async () => {
  server = await startTestServer();
  f = await buildLiveSitting(server.deps.models, { delegates: 3, electedTotal: 3, status: 'draft' });
  const ids = { chair: f.chairId, secretariat: f.secretaryId, delegate: f.delegateIds[0]!, observer: f.observerId };
  const cookies = await mintCookies(server.deps.models, Object.values(ids));
  Object.keys(ids).forEach((role, i) => {
    const c = new TestClient(server.url);
    c.cookie = cookies[i]!;
    rest[role as keyof typeof rest] = c;
  });
  for (const [i, role] of (['chair', 'delegate', 'observer'] as const).entries()) {
    live[role] = await connectClient(server.url, cookies[[0, 2, 3][i]!]!, { reconnection: false });
    sockets.push(live[role]);
  }
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.stop();
});

const listed = async (who: TestClient) => ((await who.get(`/api/sessions/${f.sessionId}/sittings`)).json.data as Array<{ id: string }>).map((s) => s.id);

describe('a draft sitting is its staff\'s until published', () => {
  it('a guest (observer) and a delegate do not see it listed, and reading or joining it answers not found', async () => {
    for (const who of ['observer', 'delegate'] as const) {
      expect(await listed(rest[who])).not.toContain(f.sittingId);
      expect((await rest[who].get(`/api/sittings/${f.sittingId}`)).json).toMatchObject({ ok: false, error: 'not_found' });
      expect(await live[who].emitWithAck('sitting:join', { sittingId: f.sittingId })).toMatchObject({ ok: false, error: 'not_found' });
    }
  });

  it('the chair and the secretariat see it listed and can read and join it', async () => {
    for (const who of ['chair', 'secretariat'] as const) {
      expect(await listed(rest[who])).toContain(f.sittingId);
      expect((await rest[who].get(`/api/sittings/${f.sittingId}`)).json).toMatchObject({ ok: true, data: { status: 'draft' } });
    }
    expect(await live.chair.emitWithAck('sitting:join', { sittingId: f.sittingId })).toMatchObject({ ok: true, data: { state: { status: 'draft' } } });
  });

  it('opening a draft is refused with a message saying to publish it first; once published, guests see it and it opens', async () => {
    const refused = await sendCommand(live.chair, 'sitting:setStatus', { sittingId: f.sittingId, status: 'open' });
    expect(refused).toMatchObject({ ok: false, error: 'conflict', message: expect.stringMatching(/hãy công bố phiên họp trước khi khai mạc/) });
    expect(await sendCommand(live.chair, 'sitting:setStatus', { sittingId: f.sittingId, status: 'published' })).toMatchObject({ ok: true });
    expect(await listed(rest.observer)).toContain(f.sittingId);
    expect(await live.observer.emitWithAck('sitting:join', { sittingId: f.sittingId })).toMatchObject({ ok: true, data: { state: { status: 'published' } } });
    for (const d of f.delegateIds) await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $push: { attendance: { userId: d, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() } } });
    expect(await sendCommand(live.chair, 'sitting:setStatus', { sittingId: f.sittingId, status: 'open' })).toMatchObject({ ok: true });
  });
});

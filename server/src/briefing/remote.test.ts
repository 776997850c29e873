import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import { buildBriefingFixture } from '../../../test/helpers/briefingFixture.js';
import { MediaService } from '../../../media/src/MediaService.js';
import { AUDIO, testPool } from '../../../media/src/testKit.js';
import type { MediaJoined } from '../../../contract/media.js';
import type { Ack } from '../../../contract/errors.js';
import { forgetSessionContext } from '../sitting/context.js';

/**
 * A delegate attending from their own device in the briefing (issue 15), over real sockets
 * and a real mediasoup worker: who may join as one, and a microphone that the server keeps
 * off the air unless its delegate holds the floor.
 */
let server: TestServer;
let media: MediaService;
let f: Awaited<ReturnType<typeof buildBriefingFixture>>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  media = MediaService.withPool(await testPool(1), { transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 }, consumerBudget: 500 });
  server = await startTestServer({ media });
  f = await buildBriefingFixture(server.deps, { homeDelegates: true });
});
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); media?.close(); });

async function as(user: { id: string }): Promise<ClientSocket> {
  const s = await connectSocket(server.url, await cookieFor(server.deps, user.id));
  open.push(s);
  return s;
}
const join = (s: ClientSocket, payload: unknown) => s.emitWithAck('media:join', payload as never) as Promise<Ack<MediaJoined>>;
const errorOf = (r: Ack<unknown>) => (r.ok ? 'ok' : r.error);
const remote = { sittingId: '', role: 'remote' };
const cmd = (s: ClientSocket, event: string, payload: Record<string, unknown> = {}) =>
  (s.emitWithAck as (e: string, p: unknown) => Promise<Ack<unknown>>)(event, { sittingId: f.sittingId, commandId: randomUUID(), ...payload });

describe('joining a briefing from one\'s own device', () => {
  it('admits the council\'s delegates and its chair; not an observer, an operator or the secretariat as such', async () => {
    remote.sittingId = f.sittingId;
    expect(errorOf(await join(await as(f.homeA), remote))).toBe('ok');
    expect(errorOf(await join(await as(f.chair), remote))).toBe('ok');
    expect(errorOf(await join(await as(f.observer), remote))).toBe('forbidden');
    expect(errorOf(await join(await as(f.operator1), remote))).toBe('forbidden');
    expect(errorOf(await join(await as(f.secretary), remote))).toBe('forbidden');
  });

  it('refuses a closed sitting, and a council whose rules do not allow personal devices, saying so', async () => {
    expect(errorOf(await join(await as(f.homeA), { sittingId: f.closedSittingId, role: 'remote' }))).toBe('forbidden');
    await server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.personalDevices': false } });
    try {
      const r = await join(await as(f.homeB), remote);
      expect(r.ok ? null : r.message).toContain('không cho phép tham dự trực tuyến từ thiết bị cá nhân');
    } finally {
      await server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.personalDevices': true } });
    }
  });
});

describe('the microphone of a delegate on their own device', () => {
  it('is refused without the floor; given the floor (by their user id) it is sent and heard; the floor ending pauses it on the server and a resume is refused', async () => {
    const a = await as(f.homeA);
    expect((await a.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect(errorOf(await cmd(a, 'attendance:checkIn', { status: 'online', meetingPointId: null }))).toBe('ok');
    const ja = await join(a, remote);
    if (!ja.ok) throw new Error(ja.message);
    const t = await a.emitWithAck('media:createTransport', {});
    if (!t.ok) throw new Error(t.message);
    const produceMic = () => a.emitWithAck('media:produce', { transportId: t.data.id, kind: 'audio', source: 'mic', rtpParameters: AUDIO });
    expect(errorOf(await produceMic())).toBe('forbidden');

    const room1 = await as(f.operator1);
    expect(errorOf(await join(room1, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 }))).toBe('ok');
    expect(errorOf(await cmd(a, 'floor:request', { kind: 'speak' }))).toBe('ok');
    const chair = await as(f.chair);
    const snap = await chair.emitWithAck('sitting:join', { sittingId: f.sittingId });
    if (!snap.ok) throw new Error(snap.message);
    const request = snap.data.state.queue.find((q) => q.userId === f.homeA.id)!;
    expect(request.meetingPointId).toBeNull();
    const floor = new Promise<{ holder: string | null }>((resolve) => a.once('media:floor', resolve));
    expect(errorOf(await cmd(chair, 'floor:grant', { requestId: request.requestId }))).toBe('ok');
    expect(await floor).toEqual({ holder: f.homeA.id });

    const offered = new Promise<{ producerId: string; peerId: string }>((resolve) => room1.once('media:producer', resolve));
    const mic = await produceMic();
    if (!mic.ok) throw new Error(mic.message);
    expect((await offered).producerId).toBe(mic.data.producerId);
    const producer = (await media.existing(f.sittingId))!.peers().find((p) => p.id === ja.data.peerId)!.producer(mic.data.producerId);
    expect(producer.paused).toBe(false);

    const ended = new Promise<{ holder: string | null }>((resolve) => a.once('media:floor', resolve));
    expect(errorOf(await cmd(chair, 'floor:end'))).toBe('ok');
    expect(await ended).toEqual({ holder: null });
    expect(producer.paused).toBe(true);
    expect(errorOf(await a.emitWithAck('media:resumeProducer', { producerId: mic.data.producerId }))).toBe('forbidden');
    expect(producer.paused).toBe(true);
  });

  it('a speaker at home whose check-in is changed to the hall loses the floor in the briefing', async () => {
    const b = await as(f.homeB);
    expect((await b.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    forgetSessionContext(server.deps, f.sessionId);
    expect(errorOf(await cmd(b, 'attendance:checkIn', { status: 'online', meetingPointId: null }))).toBe('ok');
    expect(errorOf(await join(b, remote))).toBe('ok');
    expect(errorOf(await cmd(b, 'floor:request', { kind: 'speak' }))).toBe('ok');
    const chair = await as(f.chair);
    const snap = await chair.emitWithAck('sitting:join', { sittingId: f.sittingId });
    if (!snap.ok) throw new Error(snap.message);
    const granted = new Promise<{ holder: string | null }>((resolve) => b.once('media:floor', resolve));
    expect(errorOf(await cmd(chair, 'floor:grant', { requestId: snap.data.state.queue.find((q) => q.userId === f.homeB.id)!.requestId }))).toBe('ok');
    expect(await granted).toEqual({ holder: f.homeB.id });
    // The secretariat records him in the hall after all: the hall's microphones carry him.
    const clerk = await as(f.secretary);
    expect((await clerk.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    const moved = new Promise<{ holder: string | null }>((resolve) => b.once('media:floor', resolve));
    expect(errorOf(await cmd(clerk, 'attendance:checkIn', { userId: f.homeB.id, status: 'hall' }))).toBe('ok');
    expect(await moved).toEqual({ holder: null });
  });
});

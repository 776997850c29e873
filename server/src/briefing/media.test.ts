import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import { buildBriefingFixture } from '../../../test/helpers/briefingFixture.js';
import { MediaService } from '../../../media/src/MediaService.js';
import { AUDIO, testPool } from '../../../media/src/testKit.js';
import type { MediaJoined } from '../../../contract/media.js';
import type { Ack } from '../../../contract/errors.js';

let server: TestServer;
let media: MediaService;
let f: Awaited<ReturnType<typeof buildBriefingFixture>>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  media = MediaService.withPool(await testPool(1), { transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 }, consumerBudget: 500 });
  server = await startTestServer({ media });
  f = await buildBriefingFixture(server.deps);
});
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); media?.close(); });

async function as(user: { id: string }): Promise<ClientSocket> {
  const s = await connectSocket(server.url, await cookieFor(server.deps, user.id));
  open.push(s);
  return s;
}
const join = (s: ClientSocket, payload: unknown) => s.emitWithAck('media:join', payload as never) as Promise<Ack<MediaJoined>>;
const errorOf = (r: Ack<unknown>) => (r.ok ? 'ok' : r.error);

describe('media signalling: joining a briefing', () => {
  it('admits the main hall for the chair and the secretariat only', async () => {
    const hall = { sittingId: f.sittingId, role: 'hall' };
    expect(errorOf(await join(await as(f.chair), hall))).toBe('ok');
    expect(errorOf(await join(await as(f.secretary), hall))).toBe('ok');
    expect(errorOf(await join(await as(f.hallDelegate), hall))).toBe('forbidden');
    expect(errorOf(await join(await as(f.operator1), hall))).toBe('forbidden');
  });

  it('admits a meeting point only as its own operator and only when the sitting includes it', async () => {
    const r = await join(await as(f.operator1), { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 });
    expect(r.ok && r.data.peers.find((p) => p.meetingPointId === f.mp1)?.meetingPointName).toBe('Điểm cầu xã Tân Lập');
    expect(errorOf(await join(await as(f.operator1), { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp2 }))).toBe('forbidden');
    expect(errorOf(await join(await as(f.hallDelegate), { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp2 }))).toBe('forbidden');
    expect(errorOf(await join(await as(f.operator1), { sittingId: f.sittingId, role: 'room' }))).toBe('validation_failed');
  });

  it('a closed sitting admits no meeting point and no observer, but the chair and delegates; the access is audited', async () => {
    const closed = f.closedSittingId;
    expect(errorOf(await join(await as(f.operator1), { sittingId: closed, role: 'room', meetingPointId: f.mp1 }))).toBe('forbidden');
    expect(errorOf(await join(await as(f.operator1), { sittingId: closed, role: 'viewer' }))).toBe('forbidden');
    expect(errorOf(await join(await as(f.observer), { sittingId: closed, role: 'viewer' }))).toBe('forbidden');
    expect(errorOf(await join(await as(f.chair), { sittingId: closed, role: 'hall' }))).toBe('ok');
    expect(errorOf(await join(await as(f.hallDelegate), { sittingId: closed, role: 'viewer' }))).toBe('ok');
    const audited = await server.deps.models.AuditEntry.countDocuments({ chain: `sitting:${closed}`, action: 'media:joined' });
    expect(audited).toBe(2);
  });

  it('checks the join again before every later command: a meeting point taken off the sitting loses its media', async () => {
    const s = await as(f.operator1);
    expect(errorOf(await join(s, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 }))).toBe('ok');
    expect(errorOf(await s.emitWithAck('media:createTransport', {}) as Ack<unknown>)).toBe('ok');
    const before = (await server.deps.models.Sitting.findById(f.sittingId).lean())!.meetingPointIds;
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { meetingPointIds: before.filter((id) => String(id) !== f.mp1) } });
    try {
      expect(errorOf(await s.emitWithAck('media:createTransport', {}) as Ack<unknown>)).toBe('forbidden');
      // The peer is gone: the next command finds no briefing joined.
      expect(errorOf(await s.emitWithAck('media:createTransport', {}) as Ack<unknown>)).not.toBe('ok');
    } finally {
      await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { meetingPointIds: before } });
    }
  });

  it('answers malformed payloads and commands before joining with an error, never a crash', async () => {
    const s = await as(f.chair);
    expect(errorOf(await join(s, { sittingId: 'nope', role: 'hall' }))).toBe('validation_failed');
    expect(errorOf(await join(s, { sittingId: f.sittingId, role: 'king' }))).toBe('validation_failed');
    expect(errorOf(await join(s, null))).toBe('validation_failed');
    expect(errorOf(await s.emitWithAck('media:createTransport', {}))).toBe('forbidden');
    expect(errorOf(await join(s, { sittingId: f.sittingId, role: 'hall' }))).toBe('ok');
    const t = await s.emitWithAck('media:createTransport', {});
    if (!t.ok) throw new Error(t.message);
    const bad = await s.emitWithAck('media:produce', { transportId: t.data.id, kind: 'audio', source: 'mic', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 300, clockRate: 48000 }] } });
    expect(errorOf(bad)).toBe('validation_failed');
    const unknown = await s.emitWithAck('media:produce', { transportId: t.data.id, kind: 'audio', source: 'mic', rtpParameters: { ...AUDIO, codecs: [{ mimeType: 'audio/nonsense', payloadType: 100, clockRate: 8000 }] } });
    expect(errorOf(unknown)).toBe('validation_failed');
    expect(errorOf(await s.emitWithAck('media:resume', { consumerId: randomUUID() }))).toBe('not_found');
    expect(errorOf(await s.emitWithAck('media:consume', { transportId: t.data.id, producerId: randomUUID(), rtpCapabilities: {} }))).toBe('forbidden');
  });
});

describe('media signalling: the floor', () => {
  it('follows the sitting speaker: room 2 given the floor is offered to room 1, and taken back when it ends', async () => {
    const room2 = await as(f.operator2);
    const j2 = await join(room2, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp2 });
    expect(j2.ok).toBe(true);
    const t2 = await room2.emitWithAck('media:createTransport', {});
    if (!t2.ok) throw new Error(t2.message);
    const mic = await room2.emitWithAck('media:produce', { transportId: t2.data.id, kind: 'audio', source: 'mic', rtpParameters: AUDIO });
    if (!mic.ok) throw new Error(mic.message);

    const room1 = await as(f.operator1);
    const j1 = await join(room1, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 });
    if (!j1.ok) throw new Error(j1.message);
    expect(j1.data.producers.map((p) => p.producerId)).not.toContain(mic.data.producerId);
    const t1 = await room1.emitWithAck('media:createTransport', {});
    if (!t1.ok) throw new Error(t1.message);
    const consume = () => room1.emitWithAck('media:consume', { transportId: t1.data.id, producerId: mic.data.producerId, rtpCapabilities: j1.data.rtpCapabilities });
    expect(errorOf(await consume())).toBe('forbidden');

    const delegate = await as(f.roomDelegate);
    expect((await delegate.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect((await delegate.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: randomUUID(), kind: 'speak' })).ok).toBe(true);
    const chair = await as(f.chair);
    const snap = await chair.emitWithAck('sitting:join', { sittingId: f.sittingId });
    if (!snap.ok) throw new Error(snap.message);
    const floor = new Promise<{ holder: string | null }>((resolve) => room1.once('media:floor', resolve));
    const offered = new Promise<{ producerId: string }>((resolve) => room1.once('media:producer', resolve));
    expect((await chair.emitWithAck('floor:grant', { sittingId: f.sittingId, commandId: randomUUID(), requestId: snap.data.state.queue[0]!.requestId })).ok).toBe(true);
    expect(await floor).toEqual({ holder: f.mp2 });
    expect((await offered).producerId).toBe(mic.data.producerId);
    const c = await consume();
    if (!c.ok) throw new Error(c.message);
    expect(c.data).toMatchObject({ kind: 'audio', source: 'mic', peerId: j2.ok && j2.data.peerId });

    const closed = new Promise<{ consumerId: string }>((resolve) => room1.once('media:consumerClosed', resolve));
    expect((await chair.emitWithAck('floor:end', { sittingId: f.sittingId, commandId: randomUUID() })).ok).toBe(true);
    expect((await closed).consumerId).toBe(c.data.consumerId);
  });
});

describe('media signalling: the floor for a delegate checked in at a meeting point', () => {
  it('the hall delegate marked online at room 1 for this sitting, asked for by its operator: granted, the floor goes to room 1', async () => {
    const clerk = await as(f.secretary);
    expect((await clerk.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    // Phạm Quốc Bảo's membership names no point: this sitting he attends from Tân Lập (room 1).
    expect((await clerk.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), userId: f.hallDelegate.id, status: 'online', meetingPointId: f.mp1 })).ok).toBe(true);
    const room1 = await as(f.operator1);
    expect((await room1.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect((await room1.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: randomUUID(), kind: 'speak', userId: f.hallDelegate.id })).ok).toBe(true);
    const room2 = await as(f.operator2);
    expect((await join(room2, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp2 })).ok).toBe(true);
    const chair = await as(f.chair);
    const snap = await chair.emitWithAck('sitting:join', { sittingId: f.sittingId });
    if (!snap.ok) throw new Error(snap.message);
    const request = snap.data.state.queue.find((q) => q.userId === f.hallDelegate.id)!;
    expect(request.meetingPointId).toBe(f.mp1);
    const floor = new Promise<{ holder: string | null }>((resolve) => room2.once('media:floor', resolve));
    expect((await chair.emitWithAck('floor:grant', { sittingId: f.sittingId, commandId: randomUUID(), requestId: request.requestId })).ok).toBe(true);
    expect(await floor).toEqual({ holder: f.mp1 });
    expect(media.existing(f.sittingId)).toBeDefined();
    const ended = new Promise<{ holder: string | null }>((resolve) => room2.once('media:floor', resolve));
    expect((await chair.emitWithAck('floor:end', { sittingId: f.sittingId, commandId: randomUUID() })).ok).toBe(true);
    expect(await ended).toEqual({ holder: null });
  });
});

describe('media signalling: closed doors', () => {
  it('a sitting turned closed-door takes its meeting points and observers out of the briefing at once, keeps the council, and refuses them again', async () => {
    const room = await as(f.operator1);
    const observer = await as(f.observer);
    const delegate = await as(f.hallDelegate);
    expect(errorOf(await join(room, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 }))).toBe('ok');
    expect(errorOf(await join(observer, { sittingId: f.sittingId, role: 'viewer' }))).toBe('ok');
    expect(errorOf(await join(delegate, { sittingId: f.sittingId, role: 'viewer' }))).toBe('ok');
    const told = (s: ClientSocket) => new Promise<{ reason: string }>((resolve) => s.once('media:restart', resolve));
    const roomTold = told(room);
    const observerTold = told(observer);
    let delegateTold = false;
    delegate.once('media:restart', () => { delegateTold = true; });
    const chair = await as(f.chair);
    const doors = (closedDoors: boolean) => chair.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: randomUUID(), closedDoors });
    expect((await doors(true)).ok).toBe(true);
    expect(await roomTold).toEqual({ reason: 'closed_doors' });
    expect(await observerTold).toEqual({ reason: 'closed_doors' });
    const roles = (await media.existing(f.sittingId)!).peers().map((p) => p.role);
    expect(roles).not.toContain('room');
    expect(roles).toContain('viewer');
    expect(delegateTold).toBe(false);
    expect(errorOf(await join(room, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 }))).toBe('forbidden');
    expect((await doors(false)).ok).toBe(true);
    expect(errorOf(await join(room, { sittingId: f.sittingId, role: 'room', meetingPointId: f.mp1 }))).toBe('ok');
  });
});

describe('media signalling: the end of the sitting', () => {
  it('closing the sitting ends its briefing: participants are told, and joining again is refused', async () => {
    const viewer = await as(f.hallDelegate);
    expect(errorOf(await join(viewer, { sittingId: f.sittingId, role: 'viewer' }))).toBe('ok');
    const ended = new Promise<{ reason: string }>((resolve) => viewer.once('media:restart', resolve));
    const chair = await as(f.chair);
    expect((await chair.emitWithAck('sitting:setStatus', { sittingId: f.sittingId, commandId: randomUUID(), status: 'closed' })).ok).toBe(true);
    expect(await ended).toEqual({ reason: 'ended' });
    expect(media.existing(f.sittingId)).toBeUndefined();
    expect(errorOf(await join(viewer, { sittingId: f.sittingId, role: 'viewer' }))).toBe('conflict');
  });
});

describe('media signalling without a media service', () => {
  it('answers an authorised media:join with not_ready', async () => {
    const bare = await startTestServer();
    try {
      const g = await buildBriefingFixture(bare.deps);
      const s = await connectSocket(bare.url, await cookieFor(bare.deps, g.chair.id));
      open.push(s);
      expect(errorOf(await join(s, { sittingId: g.sittingId, role: 'hall' }))).toBe('not_ready');
    } finally {
      await bare.stop();
    }
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCouncil, buildUser, buildMembership } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import type { SittingDelta } from '../../../contract/sitting.js';

let server: TestServer;
const open: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();

/** A council with N = 50, a chair, a secretary, `delegates` delegates, and a sitting with two agenda items. */
async function buildSitting(delegates: number) {
  const deps = server.deps;
  const council = await buildCouncil(deps, { electedTotal: 50 });
  const session = await deps.models.CouncilSession.create({ councilId: council._id, title: 'Kỳ họp thử', startsAt: new Date(), endsAt: new Date(Date.now() + 86400_000), status: 'published' });
  const items = await deps.models.AgendaItem.create([
    { sessionId: session._id, order: 1, title: 'Báo cáo', kind: 'report' },
    { sessionId: session._id, order: 2, title: 'Thảo luận', kind: 'plenary' },
  ]);
  const chair = await buildUser(deps);
  await buildMembership(deps, chair._id, council._id, 'chair');
  const secretary = await buildUser(deps);
  await buildMembership(deps, secretary._id, council._id, 'secretariat');
  const users = await deps.models.User.insertMany(Array.from({ length: delegates }, (_, i) => ({ login: `d${i}-${randomUUID()}@x.vn`, displayName: `Đại biểu ${i}` })));
  await deps.models.Membership.insertMany(users.map((u) => ({ userId: u._id, councilId: council._id, role: 'delegate' })));
  const sitting = await deps.models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên khai mạc', status: 'open' });
  return { council, items, chair, secretary, delegates: users, sittingId: String(sitting._id) };
}

async function join(userId: unknown, sittingId: string) {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId as never));
  open.push(s);
  const res = await s.emitWithAck('sitting:join', { sittingId });
  if (!res.ok) throw new Error(res.message);
  return { socket: s, snapshot: res.data };
}

describe('live sitting', () => {
  it('agenda:setCurrent by the chair reaches every joined client as a delta with the next version', async () => {
    const f = await buildSitting(3);
    const chair = await join(f.chair._id, f.sittingId);
    const viewers = await Promise.all(f.delegates.map((d) => join(d._id, f.sittingId)));
    const got = viewers.map((v) => new Promise<SittingDelta>((resolve) => v.socket.once('sitting:changed', resolve)));
    const itemId = String(f.items[1]!._id);
    const ack = await chair.socket.emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: cid(), agendaItemId: itemId });
    expect(ack).toEqual({ ok: true, data: { version: chair.snapshot.version + 1 } });
    for (const d of await Promise.all(got)) {
      expect(d.version).toBe(chair.snapshot.version + 1);
      expect(d.patch.currentItemId).toBe(itemId);
    }
  });

  it('a resent command (same command id) is applied once and acknowledged with the same version', async () => {
    const f = await buildSitting(1);
    const chair = await join(f.chair._id, f.sittingId);
    const payload = { sittingId: f.sittingId, commandId: cid(), agendaItemId: String(f.items[0]!._id) };
    const a = await chair.socket.emitWithAck('agenda:setCurrent', payload);
    const b = await chair.socket.emitWithAck('agenda:setCurrent', payload);
    expect(b).toEqual(a);
    const snap = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.version).toBe(chair.snapshot.version + 1);
  });

  it('quorum counts check-ins against the elected total N = 50 (2/3 → 34 required)', async () => {
    const f = await buildSitting(40);
    const secretary = await join(f.secretary._id, f.sittingId);
    for (const d of f.delegates.slice(0, 33)) {
      const r = await secretary.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: String(d._id), status: 'hall' });
      expect(r.ok).toBe(true);
    }
    let snap = await secretary.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.state.quorum).toEqual({ electedTotal: 50, required: 34, present: 33, missing: 1, met: false, online: 0, reconnecting: 0 });
    const self = await join(f.delegates[33]!._id, f.sittingId);
    expect((await self.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), status: 'hall' })).ok).toBe(true);
    snap = await secretary.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.state.quorum.met).toBe(true);
  });

  it('200 concurrent speaking requests, duplicates included: each delegate queued once, the same order on every client', async () => {
    const f = await buildSitting(100);
    const clients = await Promise.all(f.delegates.map((d) => join(d._id, f.sittingId)));
    // Each delegate asks twice at once, with two different command ids.
    const acks = await Promise.all(clients.flatMap((c) => [0, 1].map(() => c.socket.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: cid(), kind: 'speak' }))));
    expect(acks.every((a) => a.ok)).toBe(true);
    const snaps = await Promise.all([clients[0]!, clients[57]!, clients[99]!].map((c) => c.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId })));
    const queues = snaps.map((s) => (s.ok ? s.data.state.queue.map((q) => q.userId) : []));
    expect(queues[0]).toHaveLength(100);
    expect(new Set(queues[0]).size).toBe(100);
    expect(queues[1]).toEqual(queues[0]);
    expect(queues[2]).toEqual(queues[0]);
  }, 90_000); // ~14 s alone on 2 cores: commands on one sitting apply serially (see store.ts)

  it('a delegate may not set the current item: refused with forbidden, state unchanged', async () => {
    const f = await buildSitting(1);
    const d = await join(f.delegates[0]!._id, f.sittingId);
    const r = await d.socket.emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: cid(), agendaItemId: String(f.items[0]!._id) });
    expect(r).toMatchObject({ ok: false, error: 'forbidden' });
    const snap = await d.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.version).toBe(d.snapshot.version);
  });

  it('a malformed payload gets a validation_failed acknowledgement and the server carries on', async () => {
    const f = await buildSitting(1);
    const chair = await join(f.chair._id, f.sittingId);
    const bad = await chair.socket.emitWithAck('agenda:setCurrent', { sittingId: 'not-an-id', agendaItemId: 42 } as never);
    expect(bad).toMatchObject({ ok: false, error: 'validation_failed' });
    const again = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(again.ok).toBe(true);
  });

  it('the floor: the chair grants a request with the first-speech limit, then ends it', async () => {
    const f = await buildSitting(1);
    const chair = await join(f.chair._id, f.sittingId);
    const d = await join(f.delegates[0]!._id, f.sittingId);
    await d.socket.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: cid(), kind: 'speak' });
    const snap = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    const requestId = snap.ok ? snap.data.state.queue[0]!.requestId : '';
    expect((await chair.socket.emitWithAck('floor:grant', { sittingId: f.sittingId, commandId: cid(), requestId })).ok).toBe(true);
    let s = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(s.ok && s.data.state.speaking).toMatchObject({ userId: String(f.delegates[0]!._id), limitSeconds: 420 });
    expect((await chair.socket.emitWithAck('floor:end', { sittingId: f.sittingId, commandId: cid() })).ok).toBe(true);
    s = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(s.ok && s.data.state.speaking).toBeNull();
  });
});

describe('the state a process remembers of its last write (lastWritten.ts)', () => {
  it('a sitting changed behind this process\'s back is read again: the next command lands on the database\'s version and state', async () => {
    const f = await buildSitting(1);
    const chair = await join(f.chair._id, f.sittingId);
    const [first, second] = f.items.map((i) => String(i._id)) as [string, string];
    const v1 = await chair.socket.emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: cid(), agendaItemId: first });
    if (!v1.ok) throw new Error(v1.message);
    // Another writer (another process, the secretariat) moves the sitting on: item 2 current, a new version.
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { currentItemId: second }, $inc: { version: 1 } });
    // Remembered here: version v1, item 1. A delegate's request is applied after the other writer's version.
    const delegate = await join(f.delegates[0]!._id, f.sittingId);
    const v2 = await delegate.socket.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: cid(), kind: 'speak' });
    expect(v2).toEqual({ ok: true, data: { version: v1.data.version + 2 } });
    const d = await server.deps.models.Sitting.findById(f.sittingId).lean();
    expect(d!.currentItemId).toBe(second);
    expect(d!.queue.map((q) => q.userId)).toEqual([String(f.delegates[0]!._id)]);
    // And the next command from what this process wrote last (remembered again).
    const v3 = await chair.socket.emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: cid(), agendaItemId: first });
    expect(v3).toEqual({ ok: true, data: { version: v1.data.version + 3 } });
  });

  it('a command refused on the remembered state is decided again on the database\'s (a sitting reopened elsewhere)', async () => {
    const f = await buildSitting(1);
    const chair = await join(f.chair._id, f.sittingId);
    const closed = await chair.socket.emitWithAck('sitting:setStatus', { sittingId: f.sittingId, commandId: cid(), status: 'closed' });
    if (!closed.ok) throw new Error(closed.message);
    // Reopened by another writer: remembered as closed here.
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { status: 'open' }, $inc: { version: 1 } });
    const ack = await chair.socket.emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: cid(), agendaItemId: String(f.items[1]!._id) });
    expect(ack).toEqual({ ok: true, data: { version: closed.data.version + 2 } });
  });
});

describe('opening a sitting', () => {
  it('is refused without a quorum, with a message that says how many are missing; allowed once it holds', async () => {
    const f = await buildSitting(40);
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { status: 'published' } });
    const secretary = await join(f.secretary._id, f.sittingId);
    for (const d of f.delegates.slice(0, 30)) {
      await secretary.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: String(d._id), status: 'hall' });
    }
    const chair = await join(f.chair._id, f.sittingId);
    const refused = await chair.socket.emitWithAck('sitting:setStatus', { sittingId: f.sittingId, commandId: cid(), status: 'open' });
    expect(refused).toMatchObject({ ok: false, error: 'conflict' });
    expect(refused.ok === false && refused.message).toMatch(/còn thiếu 4/);
    // Online at a meeting point of the sitting (only those can be chosen).
    const room = await server.deps.models.MeetingPoint.create({ unitId: f.council.unitId, name: 'Điểm cầu xã Tân Lập' });
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { meetingPointIds: [room._id] } });
    for (const d of f.delegates.slice(30, 34)) {
      const r = await secretary.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: String(d._id), status: 'online', meetingPointId: String(room._id) });
      expect(r.ok).toBe(true);
    }
    expect((await chair.socket.emitWithAck('sitting:setStatus', { sittingId: f.sittingId, commandId: cid(), status: 'open' })).ok).toBe(true);
  });
});

describe('check-in by a meeting-point operator', () => {
  it('checks delegates in as online at their own point only (whatever point the membership names), and no one else', async () => {
    const f = await buildSitting(3);
    const { MeetingPoint, Membership } = server.deps.models;
    const room = await MeetingPoint.create({ unitId: f.council.unitId, name: 'Điểm cầu xã Tân Lập' });
    const other = await MeetingPoint.create({ unitId: f.council.unitId, name: 'Điểm cầu phường Hồng Châu' });
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { meetingPointIds: [room._id, other._id] } });
    const [here, elsewhere, inHall] = f.delegates;
    await Membership.updateOne({ userId: here!._id, councilId: f.council._id }, { $set: { meetingPointId: room._id } });
    await Membership.updateOne({ userId: elsewhere!._id, councilId: f.council._id }, { $set: { meetingPointId: other._id } });
    const operator = await buildUser(server.deps);
    await server.deps.models.Membership.create({ userId: operator._id, councilId: f.council._id, role: 'meeting_point_operator', meetingPointId: room._id });
    const op = await join(operator._id, f.sittingId);
    const secretary = await join(f.secretary._id, f.sittingId);
    const checkIn = (userId: unknown, meetingPointId: unknown, status = 'online') =>
      op.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: String(userId), status, meetingPointId: String(meetingPointId) } as never);
    expect((await checkIn(here!._id, room._id)).ok).toBe(true);
    // Sitting in this room today though the membership names another point: the operator sees them.
    expect((await checkIn(elsewhere!._id, room._id)).ok).toBe(true);
    // Never at another point, nor in the hall.
    expect(await checkIn(inHall!._id, other._id)).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await checkIn(inHall!._id, room._id, 'hall')).toMatchObject({ ok: false, error: 'forbidden' });
    // A delegate the secretariat recorded in the hall is not moved by an operator.
    expect((await secretary.socket.emitWithAck('attendance:checkIn', { sittingId: f.sittingId, commandId: cid(), userId: String(inHall!._id), status: 'hall' })).ok).toBe(true);
    const moved = await checkIn(inHall!._id, room._id);
    expect(moved).toMatchObject({ ok: false, error: 'conflict' });
    expect(!moved.ok && moved.message).toMatch(/đã được điểm danh ở nơi khác/);
    const snap = await op.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.state.attendance.map((a) => [a.userId, a.status, a.meetingPointId])).toEqual([
      [String(here!._id), 'online', String(room._id)],
      [String(elsewhere!._id), 'online', String(room._id)],
      [String(inHall!._id), 'hall', null],
    ]);
  });
});

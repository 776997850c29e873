import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCouncil, buildUser } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import type { Ack } from '../../../contract/errors.js';
import type { SittingState } from '../../../contract/sitting.js';

/**
 * Delegates attending from a commune meeting point, per sitting (issue 13): the room a
 * delegate attends THIS sitting from (their online check-in, else their membership's point),
 * which the floor request carries, and the point's operator asking for the floor for them.
 */
let server: TestServer;
const open: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();
type Emit = (event: string, payload?: Record<string, unknown>) => Promise<Ack<unknown>>;

/**
 * An open sitting with two of the council's three meeting points (Tân Lập, Yên Sơn; not Hồng
 * Châu), an operator for each, and delegates: Khánh (membership: Yên Sơn), Bảo (no point),
 * Hoa (membership: Tân Lập), Mai (membership: Yên Sơn).
 */
async function build() {
  const { models } = server.deps;
  const council = await buildCouncil(server.deps, { electedTotal: 10 });
  const session = await models.CouncilSession.create({ councilId: council._id, title: 'Kỳ họp thứ ba', startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000), status: 'published' });
  const [tanLap, yenSon, hongChau] = await models.MeetingPoint.create([
    { unitId: council.unitId, name: 'Điểm cầu xã Tân Lập' }, { unitId: council.unitId, name: 'Điểm cầu xã Yên Sơn' }, { unitId: council.unitId, name: 'Điểm cầu phường Hồng Châu' },
  ]);
  const person = async (displayName: string, role: string, meetingPointId: Types.ObjectId | null = null) => {
    const u = await buildUser(server.deps, { displayName });
    await models.Membership.create({ userId: u._id, councilId: council._id, role, meetingPointId });
    return String(u._id);
  };
  const ids = {
    chair: await person('Trần Thị Minh Hoa', 'chair'),
    secretary: await person('Lê Văn Thư', 'secretariat'),
    opTanLap: await person('Nguyễn Văn Vận', 'meeting_point_operator', tanLap!._id),
    opYenSon: await person('Hoàng Thị Hành', 'meeting_point_operator', yenSon!._id),
    khanh: await person('Đỗ Minh Khánh', 'delegate', yenSon!._id),
    bao: await person('Phạm Quốc Bảo', 'delegate'),
    hoa: await person('Vũ Thị Hoa', 'delegate', tanLap!._id),
    mai: await person('Lý Thị Mai', 'delegate', yenSon!._id),
  };
  const sitting = await models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên thảo luận', status: 'open', meetingPointIds: [tanLap!._id, yenSon!._id] });
  const sittingId = String(sitting._id);
  const as = async (userId: string): Promise<Emit> => {
    const s = await connectSocket(server.url, await cookieFor(server.deps, userId as never));
    open.push(s);
    const joined = await s.emitWithAck('sitting:join', { sittingId });
    if (!joined.ok) throw new Error(joined.message);
    return (event, payload = {}) => (s.emitWithAck as (e: string, p: unknown) => Promise<Ack<unknown>>)(event, { sittingId, commandId: cid(), ...payload });
  };
  const state = async (): Promise<SittingState & { version: number }> => {
    const d = (await models.Sitting.findById(sittingId).lean())!;
    return { ...(d as unknown as SittingState), version: d.version };
  };
  return { sittingId, ids, points: { tanLap: String(tanLap!._id), yenSon: String(yenSon!._id), hongChau: String(hongChau!._id) }, as, state };
}

const ok = (r: Ack<unknown>) => { if (!r.ok) throw new Error(`${r.error}: ${r.message}`); return r; };

describe('the room a delegate attends a sitting from', () => {
  it('is the point of their online check-in, else their membership\'s point; a check-in in the hall means the hall', async () => {
    const f = await build();
    const clerk = await f.as(f.ids.secretary);
    // Bảo has no point in his membership: the secretariat marks him online at Tân Lập for this sitting.
    ok(await clerk('attendance:checkIn', { userId: f.ids.bao, status: 'online', meetingPointId: f.points.tanLap }));
    // Hoa's membership names Tân Lập, but she came to the hall today.
    ok(await clerk('attendance:checkIn', { userId: f.ids.hoa, status: 'hall' }));
    for (const id of [f.ids.bao, f.ids.khanh, f.ids.hoa]) ok(await (await f.as(id))('floor:request', { kind: 'speak' }));
    const rooms = Object.fromEntries((await f.state()).queue.map((q) => [q.userId, q.meetingPointId]));
    expect(rooms).toEqual({ [f.ids.bao]: f.points.tanLap, [f.ids.khanh]: f.points.yenSon, [f.ids.hoa]: null });
  });

  it('a meeting point that does not take part in the sitting is refused, in Vietnamese, and nothing changes', async () => {
    const f = await build();
    const clerk = await f.as(f.ids.secretary);
    const before = (await f.state()).version;
    const r = await clerk('attendance:checkIn', { userId: f.ids.bao, status: 'online', meetingPointId: f.points.hongChau });
    expect(r).toMatchObject({ ok: false, error: 'conflict' });
    expect(!r.ok && r.message).toMatch(/^Điểm cầu này không tham gia phiên họp/);
    expect((await f.state()).version).toBe(before);
    // Nor may a delegate name it for themselves.
    expect(await (await f.as(f.ids.bao))('attendance:checkIn', { status: 'online', meetingPointId: f.points.hongChau })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('the snapshot names the sitting\'s meeting points, in its order', async () => {
    const f = await build();
    const s = await connectSocket(server.url, await cookieFor(server.deps, f.ids.opTanLap as never));
    open.push(s);
    const snap = await s.emitWithAck('sitting:join', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.state.meetingPoints).toEqual([{ id: f.points.tanLap, name: 'Điểm cầu xã Tân Lập' }, { id: f.points.yenSon, name: 'Điểm cầu xã Yên Sơn' }]);
  });
});

describe('the operator checks in the room', () => {
  it('checks in at their own point a delegate whose membership names another, and the floor then goes to that room', async () => {
    const f = await build();
    const op = await f.as(f.ids.opTanLap);
    // Khánh's membership names Yên Sơn; today he sits in Tân Lập.
    ok(await op('attendance:checkIn', { userId: f.ids.khanh, status: 'online', meetingPointId: f.points.tanLap }));
    // Yên Sơn's operator may not take him back, nor record him absent: he is not in their room now.
    const yenSon = await f.as(f.ids.opYenSon);
    expect(await yenSon('attendance:checkIn', { userId: f.ids.khanh, status: 'online', meetingPointId: f.points.yenSon })).toMatchObject({ ok: false, error: 'conflict' });
    expect(await yenSon('attendance:checkIn', { userId: f.ids.khanh, status: 'absent' })).toMatchObject({ ok: false, error: 'forbidden' });
    // His own request carries the room he attends from today.
    ok(await (await f.as(f.ids.khanh))('floor:request', { kind: 'speak' }));
    expect((await f.state()).queue[0]).toMatchObject({ userId: f.ids.khanh, meetingPointId: f.points.tanLap });
    // Tân Lập's operator may record him absent (he left the room).
    ok(await op('attendance:checkIn', { userId: f.ids.khanh, status: 'absent' }));
  });
});

describe('asking for the floor on behalf of a delegate', () => {
  it('the operator asks for a delegate of their room: the request is the delegate\'s, with the room; a resend is applied once; the operator may withdraw it', async () => {
    const f = await build();
    const op = await f.as(f.ids.opTanLap);
    // Bảo is marked online at Tân Lập by the operator; Hoa's membership names Tân Lập.
    ok(await op('attendance:checkIn', { userId: f.ids.bao, status: 'online', meetingPointId: f.points.tanLap }));
    const payload = { kind: 'speak', userId: f.ids.bao, commandId: cid() };
    const first = ok(await op('floor:request', payload));
    expect(await op('floor:request', payload)).toEqual(first);
    ok(await op('floor:request', { kind: 'question', official: 'Giám đốc Sở Y tế', userId: f.ids.hoa }));
    const s = await f.state();
    expect(s.queue.map((q) => [q.userId, q.kind, q.meetingPointId])).toEqual([[f.ids.bao, 'speak', f.points.tanLap], [f.ids.hoa, 'question', f.points.tanLap]]);
    // The audit chain says who asked, for whom.
    const audit = await server.deps.models.AuditEntry.find({ chain: `sitting:${f.sittingId}`, action: 'floor:request' }).lean<Array<{ actorId: unknown; data: Record<string, unknown> }>>();
    expect(audit.map((a) => [String(a.actorId), a.data.onBehalfOf])).toEqual([[f.ids.opTanLap, f.ids.bao], [f.ids.opTanLap, f.ids.hoa]]);
    // Another room's operator may not withdraw it; this one may.
    const bao = s.queue[0]!.requestId;
    expect(await (await f.as(f.ids.opYenSon))('floor:withdraw', { requestId: bao })).toMatchObject({ ok: false, error: 'forbidden' });
    ok(await op('floor:withdraw', { requestId: bao }));
    expect((await f.state()).queue.map((q) => q.userId)).toEqual([f.ids.hoa]);
  });

  it('is refused at another room, for a delegate attending from another room, and to anyone but an operator', async () => {
    const f = await build();
    const op = await f.as(f.ids.opTanLap);
    const before = (await f.state()).version;
    // Mai's membership names Yên Sơn: not Tân Lập's to ask for.
    expect(await op('floor:request', { kind: 'speak', userId: f.ids.mai })).toMatchObject({ ok: false, error: 'forbidden' });
    // Bảo, not checked in and without a point, attends from the hall.
    expect(await op('floor:request', { kind: 'speak', userId: f.ids.bao })).toMatchObject({ ok: false, error: 'forbidden' });
    // Yên Sơn's operator may not ask for Khánh once the secretariat has him at Tân Lập today.
    ok(await (await f.as(f.ids.secretary))('attendance:checkIn', { userId: f.ids.khanh, status: 'online', meetingPointId: f.points.tanLap }));
    const afterCheckIn = (await f.state()).version;
    expect(afterCheckIn).toBe(before + 1);
    expect(await (await f.as(f.ids.opYenSon))('floor:request', { kind: 'speak', userId: f.ids.khanh })).toMatchObject({ ok: false, error: 'forbidden' });
    // A delegate, the chair and the secretariat do not ask for someone else.
    expect(await (await f.as(f.ids.mai))('floor:request', { kind: 'speak', userId: f.ids.khanh })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await (await f.as(f.ids.chair))('floor:request', { kind: 'speak', userId: f.ids.khanh })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await (await f.as(f.ids.secretary))('floor:request', { kind: 'speak', userId: f.ids.khanh })).toMatchObject({ ok: false, error: 'forbidden' });
    // An operator does not ask for themselves (not a delegate).
    expect(await op('floor:request', { kind: 'speak' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect((await f.state()).version).toBe(afterCheckIn);
  });

  it('the delegate\'s own speech limits apply: a follow-up speech gets the follow-up time, the per-topic limit refuses a third', async () => {
    const f = await build();
    const op = await f.as(f.ids.opTanLap);
    const chair = await f.as(f.ids.chair);
    for (const limit of [420, 180]) {
      ok(await op('floor:request', { kind: 'speak', userId: f.ids.hoa }));
      ok(await chair('floor:grant', { requestId: (await f.state()).queue[0]!.requestId }));
      expect((await f.state()).speaking).toMatchObject({ userId: f.ids.hoa, meetingPointId: f.points.tanLap, limitSeconds: limit });
      ok(await chair('floor:end'));
    }
    const third = await op('floor:request', { kind: 'speak', userId: f.ids.hoa });
    expect(third).toMatchObject({ ok: false, error: 'conflict' });
    expect(!third.ok && third.message).toMatch(/đã phát biểu 2 lần/);
  });
});

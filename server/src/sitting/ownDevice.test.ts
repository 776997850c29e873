import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import { buildBriefingFixture } from '../../../test/helpers/briefingFixture.js';
import type { Ack } from '../../../contract/errors.js';
import { forgetSessionContext } from './context.js';
import type { AttendanceEntry, SittingSnapshot } from '../../../contract/sitting.js';
import { stateChecksum } from '../../../contract/sittingSync.js';
import { followSitting } from '../../../test/helpers/liveFixtures.js';

/**
 * Attending a sitting from one's own device (issue 15): the check-in names the device and
 * the place, the council's rules allow it or not, and the device's link follows its
 * connections — reconnecting (still counted) when it drops, lost (not counted) after the
 * council's grace period, connected again when it is back.
 */
let server: TestServer;
let f: Awaited<ReturnType<typeof buildBriefingFixture>>;
const open: ClientSocket[] = [];
const TABLET_UA = 'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

beforeAll(async () => {
  server = await startTestServer();
  f = await buildBriefingFixture(server.deps, { homeDelegates: true });
});
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); });

async function as(userId: string, sittingId = f.sittingId) {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId), { userAgent: TABLET_UA });
  open.push(s);
  const joined = await s.emitWithAck('sitting:join', { sittingId });
  if (!joined.ok) throw new Error(joined.message);
  const emit = (event: string, payload: Record<string, unknown> = {}) =>
    (s.emitWithAck as (e: string, p: unknown) => Promise<Ack<unknown>>)(event, { sittingId, commandId: randomUUID(), ...payload });
  return { socket: s, emit };
}
const errorOf = (r: Ack<unknown>) => (r.ok ? 'ok' : r.error);
async function setRules(rules: Record<string, unknown>) {
  await server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: Object.fromEntries(Object.entries(rules).map(([k, v]) => [`rules.${k}`, v])) });
  // Commands read the rules through a 2-second cache: start from a fresh read.
  forgetSessionContext(server.deps, f.sessionId);
}

async function entryOf(userId: string): Promise<AttendanceEntry | undefined> {
  const d = await server.deps.models.Sitting.findById(f.sittingId).lean<{ attendance: AttendanceEntry[] }>();
  return d!.attendance.find((a) => a.userId === userId);
}
async function snapshotFor(userId: string): Promise<SittingSnapshot> {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId));
  open.push(s);
  const r = await s.emitWithAck('sitting:join', { sittingId: f.sittingId });
  s.close();
  if (!r.ok) throw new Error(r.message);
  return r.data;
}
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('attending from one\'s own device', () => {
  it('the check-in records the device from the browser\'s user agent, the place given and a connected link; the quorum counts it online', async () => {
    const a = await as(f.homeA.id);
    const r = await a.emit('attendance:checkIn', { status: 'online', meetingPointId: null, place: '  Nhà riêng, xã Tân Lập  ', device: 'forged by the page' });
    expect(errorOf(r)).toBe('ok');
    const e = await entryOf(f.homeA.id);
    expect(e).toMatchObject({ status: 'online', meetingPointId: null, place: 'Nhà riêng, xã Tân Lập', device: 'Chrome 131 · Android 13 · tablet', link: 'connected' });
    const snap = await snapshotFor(f.chair.id);
    expect(snap.state.quorum).toMatchObject({ present: 1, online: 1, reconnecting: 0 });
  });

  it('is refused by a council whose rules do not allow personal devices, and in a closed sitting, with a message that says why', async () => {
    await setRules({ personalDevices: false });
    try {
      const b = await as(f.homeB.id);
      const r = await b.emit('attendance:checkIn', { status: 'online', meetingPointId: null });
      expect(r.ok ? null : [r.error, r.message]).toEqual(['conflict', expect.stringContaining('không cho phép tham dự trực tuyến từ thiết bị cá nhân')]);
      // The hall is always open to them.
      expect(errorOf(await b.emit('attendance:checkIn', { status: 'hall' }))).toBe('ok');
    } finally {
      await setRules({ personalDevices: true });
    }
    const closed = await as(f.homeB.id, f.closedSittingId);
    const r = await closed.emit('attendance:checkIn', { sittingId: f.closedSittingId, status: 'online', meetingPointId: null });
    expect(r.ok ? null : [r.error, r.message]).toEqual(['conflict', expect.stringContaining('Phiên họp kín')]);
  });

  it('a dropped device is "reconnecting" and still counted, then "lost" and not counted after the grace period, and connected again when it is back', async () => {
    await setRules({ onlineGraceSeconds: 1 });
    const a2 = await as(f.homeA.id); // a second tab of the same delegate
    const first = open.find((s) => s !== a2.socket && s.connected)!;
    // One of two connections closing changes nothing.
    a2.socket.close();
    await new Promise((r) => setTimeout(r, 2500));
    expect((await entryOf(f.homeA.id))?.link).toBe('connected');
    // The last one gone: reconnecting after ~2 s (a reload comes back sooner), lost 1 s later.
    const before = (await snapshotFor(f.chair.id)).state.quorum.present;
    for (const s of open) if (s.connected) s.close();
    expect(first.connected).toBe(false);
    const reconnecting = await until(() => entryOf(f.homeA.id), (e) => e?.link === 'reconnecting');
    expect(reconnecting?.link).toBe('reconnecting');
    const snap = await snapshotFor(f.chair.id);
    expect(snap.state.quorum).toMatchObject({ present: before, reconnecting: 1 });
    const lost = await until(() => entryOf(f.homeA.id), (e) => e?.link === 'lost');
    expect(lost?.link).toBe('lost');
    expect((await snapshotFor(f.chair.id)).state.quorum).toMatchObject({ present: before - 1, reconnecting: 0 });
    // Back: connected at once, counted again; the audit chain has each step.
    await as(f.homeA.id);
    expect((await until(() => entryOf(f.homeA.id), (e) => e?.link === 'connected'))?.link).toBe('connected');
    expect((await snapshotFor(f.chair.id)).state.quorum.present).toBe(before);
    const audit = await server.deps.models.AuditEntry.find({ action: 'attendance:link', actorId: f.homeA.id }).lean();
    expect(audit.map((x) => (x as unknown as { data: { attendance: number } }).data).length).toBe(3);
  }, 30_000);
  it('a screen that follows the deltas holds exactly the snapshot after hall and own-device check-ins and link changes', async () => {
    const watcher = await connectSocket(server.url, await cookieFor(server.deps, f.chair.id));
    open.push(watcher);
    const follower = followSitting(watcher, f.sittingId);
    await follower.ready;
    const b = await as(f.homeB.id);
    expect(errorOf(await b.emit('attendance:checkIn', { status: 'online', meetingPointId: null, place: 'Văn phòng xã' }))).toBe('ok');
    b.socket.close();
    await until(() => entryOf(f.homeB.id), (e) => e?.link === 'reconnecting');
    const back = await as(f.homeB.id);
    await until(() => entryOf(f.homeB.id), (e) => e?.link === 'connected');
    // Last, an entry made by a command (not re-read from the database by a later change).
    expect(errorOf(await back.emit('attendance:checkIn', { status: 'hall' }))).toBe('ok');
    const snap = await snapshotFor(f.chair.id);
    await follower.waitForVersion(snap.version, 5000);
    expect(follower.mirror.state).toEqual(snap.state);
    expect(follower.mirror.checksum()).toBe(stateChecksum(snap));
    follower.stop();
  }, 30_000);
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PollView } from '../../contract/poll.js';
import { connectSocket, cookieFor } from '../helpers/sockets.js';
import { emitterOf, ok, type Emit } from '../helpers/acks.js';
import { openSignedIn, overflowsHorizontally, shotFromTop, smallTouchTargets, type Opened } from './browser.js';
import { inboundOf } from './mediaBrowser.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';
import { ballotOf, confirmBallot } from './votingScreens.js';

/**
 * Delegates attending from home on their own devices (issue 15), in Chromium with fake
 * cameras and microphones over real mediasoup workers: the hall (the chair), a commune room
 * and two delegates at home. The chair gives the floor to delegate A at home: the hall, the
 * room and delegate B hear and see A within 2 s; A's microphone puts nothing on the wire
 * before the grant and after the floor ends, as the server's own producer statistics show;
 * the quorum counts A as the council's rule says; A votes.
 */
describe('the floor for a delegate at home, on their own device', () => {
  let rig: BriefingRig;
  let f: BriefingRig['f'];
  let hall: Opened;
  let room: Opened;
  let homeA: Opened;
  let homeB: Opened;
  let chair: Opened;
  let chairSocket: Emit;
  let secretarySocket: Emit;
  /** A resolution drafted while online attendance did not count: opened once it counts again. */
  let pollId: string;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 2, ports: { min: 52000, max: 52999 }, homeDelegates: true });
    f = rig.f;
    // A small council, so that two delegates at home make or break the quorum (2/3 of 3 → 2).
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { electedTotal: 3 } });
    const emitter = async (userId: string) => {
      const emit = emitterOf(await connectSocket(rig.server.url, await cookieFor(rig.server.deps, userId)));
      ok(await emit('sitting:join', { sittingId: f.sittingId }));
      return emit;
    };
    chairSocket = await emitter(f.chair.id);
    secretarySocket = await emitter(f.secretary.id);
  }, 180_000);
  afterAll(async () => {
    for (const o of [hall, room, homeA, homeB, chair]) if (o) expect(o.problems).toEqual([]);
    await rig?.stop();
  });

  const open = (userId: string, path: string, width = 1280, height = 900) =>
    openSignedIn(rig.browser, rig.server, userId, path, { viewport: { width, height }, locale: 'vi-VN' });
  const live = (p: Page) => p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 30_000 });

  /** The server's view of delegate A's microphone: packets received on each of A's audio producers, and whether paused. */
  async function micOnServer(): Promise<{ producers: number; packets: number; paused: boolean[] }> {
    const roomOnServer = await rig.media.existing(f.sittingId);
    const peers = roomOnServer!.peers().filter((p) => p.userId === f.homeA.id && p.role === 'remote');
    const audio = peers.flatMap((p) => p.producers()).filter((p) => p.kind === 'audio');
    let packets = 0;
    for (const p of audio) for (const s of await p.getStats()) packets += s.packetCount;
    return { producers: audio.length, packets, paused: audio.map((p) => p.paused) };
  }

  /** Milliseconds until this page receives A's audio and video (bytes, and decoded frames for video). */
  async function hearsAndSeesA(p: Page, since: number, peerId: string): Promise<{ audio: number; video: number }> {
    const done = { audio: 0, video: 0 };
    while (Date.now() - since < 15_000) {
      for (const s of await inboundOf(p)) {
        if (s.peerId !== peerId || done[s.kind]) continue;
        if (s.bytesReceived > 0 && (s.kind === 'audio' || s.framesDecoded > 0)) done[s.kind] = Date.now() - since;
      }
      if (done.audio && done.video) return done;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`A not received within 15 s: ${JSON.stringify(done)}`);
  }

  async function attendFromHome(userId: string, place: string): Promise<Opened> {
    const o = await open(userId, `/phien-hop/${f.sittingId}`, 1024, 768);
    await o.page.getByTestId('checkin').getByRole('button', { name: 'Tham dự trực tuyến từ thiết bị này' }).click();
    const check = o.page.getByTestId('device-check');
    await check.waitFor();
    await check.getByLabel('Nơi tham dự (không bắt buộc)').fill(place);
    await check.getByRole('button', { name: 'Điểm danh và vào họp trực tuyến' }).click();
    await o.page.locator('[data-testid="remote-stage"][data-status="live"]').waitFor({ timeout: 30_000 });
    return o;
  }

  it('the hall, a commune room and two delegates at home join; the quorum counts those at home as the council\'s rule says', async () => {
    hall = await open(f.chair.id, `/hop-truc-tuyen/${f.sittingId}`);
    room = await open(f.operator1.id, `/hop-truc-tuyen/${f.sittingId}`);
    await Promise.all([live(hall.page), live(room.page)]);
    homeA = await attendFromHome(f.homeA.id, 'Nhà riêng, xã Tân Lập');
    homeB = await attendFromHome(f.homeB.id, 'Trụ sở UBND xã Yên Sơn');
    // The chair's grid shows A and B at home beside the room; their microphones are off.
    await expect.poll(() => hall.page.getByTestId('room-thumbnail').count(), { timeout: 15_000 }).toBe(3);
    expect(await homeA.page.getByTestId('mic-state').getAttribute('data-on')).toBe('false');
    expect(await micOnServer()).toEqual({ producers: 0, packets: 0, paused: [] });

    // Online attendance counts (the default rule): 2 of N = 3, quorum met.
    chair = await open(f.chair.id, `/dieu-hanh/${f.sittingId}`, 1440, 900);
    const quorum = chair.page.getByTestId('quorum');
    await expect.poll(() => quorum.getAttribute('data-met')).toBe('true');
    const online = chair.page.getByTestId('online-attendees');
    await online.locator(`[data-user-id="${f.homeA.id}"]`).getByText('Nhà riêng, xã Tân Lập').waitFor();
    // A council whose rules do not count online attendance: no quorum, and no poll can open.
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.onlineCountsForQuorum': false } });
    const draft = ok(await secretarySocket<PollView>('poll:create', { sittingId: f.sittingId, commandId: randomUUID(), title: 'Nghị quyết về kế hoạch đầu tư công', kind: 'resolution', secret: false }));
    await new Promise((r) => setTimeout(r, 2100)); // the rules' 2-second cache
    const refused = await chairSocket('poll:open', { pollId: draft.id, commandId: randomUUID() });
    expect(refused.ok ? null : refused.message).toMatch(/^Chưa đủ số đại biểu tối thiểu: có mặt 0\/3, cần 2/);
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.onlineCountsForQuorum': true } });
    await new Promise((r) => setTimeout(r, 2100));
    pollId = draft.id;
  }, 150_000);

  it('the chair gives A the floor: the hall, the room and B hear and see A within 2 s; A\'s microphone is on the wire only meanwhile', async () => {
    await homeA.page.getByRole('button', { name: 'Đăng ký phát biểu' }).click();
    const request = chair.page.getByTestId('speaker-queue').locator('li', { hasText: f.homeA.displayName });
    await request.waitFor();
    // The hall's floor panel and grid say A speaks from home, not from the hall.
    await hall.page.getByTestId('floor-panel').locator('li', { hasText: f.homeA.displayName }).getByText('Nhà riêng, xã Tân Lập', { exact: false }).waitFor();
    expect(await hall.page.getByTestId('room-grid').locator('h2').textContent()).toBe('Các điểm cầu (1) và đại biểu trực tuyến từ thiết bị cá nhân (2)');
    const peerA = (await hall.page.evaluate(`window.hdndMedia.peers.find((p) => p.role === 'remote' && p.userId === '${f.homeA.id}')?.peerId`)) as string;
    expect(peerA).toBeTruthy();
    // Nothing of A's microphone reached the server before the grant.
    expect(await micOnServer()).toEqual({ producers: 0, packets: 0, paused: [] });

    const t0 = Date.now();
    await request.getByRole('button', { name: `Mời phát biểu: ${f.homeA.displayName}` }).click();
    const delays = await Promise.all([hall, room, homeB].map((o) => hearsAndSeesA(o.page, t0, peerA)));
    const ms = (d: { audio: number; video: number }) => `${Math.max(d.audio, d.video)} ms (audio ${d.audio}, video ${d.video})`;
    console.log(`grant → A heard and seen: hall ${ms(delays[0]!)}, room ${ms(delays[1]!)}, delegate B ${ms(delays[2]!)}`);
    for (const d of delays) expect(Math.max(d.audio, d.video)).toBeLessThan(2000);

    // A sees that they have the floor; the server receives A's microphone.
    const banner = homeA.page.getByTestId('floor-banner');
    await banner.getByText('Bạn đang có quyền phát biểu — hãy nói').waitFor();
    expect(await homeA.page.getByTestId('mic-state').getAttribute('data-on')).toBe('true');
    const during = await micOnServer();
    expect(during.producers).toBe(1);
    expect(during.paused).toEqual([false]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await micOnServer()).packets).toBeGreaterThan(during.packets);
    for (const [w, h] of [[1024, 768], [1440, 900]] as const) {
      await homeA.page.setViewportSize({ width: w, height: h });
      await shotFromTop(homeA.page, `remote-floor-you-speak-${w}x${h}.png`);
      expect(await overflowsHorizontally(homeA.page), `tablet at ${w}`).toBe(false);
      expect(await smallTouchTargets(homeA.page)).toEqual([]);
    }
    await homeA.page.setViewportSize({ width: 1024, height: 768 });
    await shotFromTop(hall.page, 'remote-floor-hall.png');

    // The floor ends: paused on the server at once, and nothing more arrives from A's page.
    await chair.page.getByRole('button', { name: 'Kết thúc lượt phát biểu' }).click();
    await expect.poll(async () => (await micOnServer()).paused, { timeout: 5_000 }).toEqual([true]);
    await banner.waitFor({ state: 'detached' });
    expect(await homeA.page.getByTestId('mic-state').getAttribute('data-on')).toBe('false');
    await new Promise((r) => setTimeout(r, 1000));
    const after = (await micOnServer()).packets;
    await new Promise((r) => setTimeout(r, 3000));
    expect((await micOnServer()).packets).toBe(after);
  }, 120_000);

  it('A votes from home like anyone attending', async () => {
    ok(await chairSocket('poll:open', { pollId, commandId: randomUUID() }));
    const ballot = ballotOf(homeA.page, 'Nghị quyết về kế hoạch đầu tư công');
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await confirmBallot(homeA.page);
    await ballot.getByTestId('voted').getByText('Bạn đã biểu quyết: Đồng ý').waitFor();
    const tally = ok(await chairSocket<{ issued: number; ballots: number }>('poll:close', { pollId, commandId: randomUUID() }));
    expect(tally).toMatchObject({ issued: 2, ballots: 1 });
  }, 60_000);
});

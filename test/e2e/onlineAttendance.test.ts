import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildMembership, buildUnit, buildUser } from '../helpers/factories.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { emitterOf, ok, type Emit } from '../helpers/acks.js';
import { setLinkScore } from '../../server/src/sitting/links.js';
import { overflowsHorizontally, shotFromTop, smallTouchTargets, textOf, type Opened } from './browser.js';
import { PRECHECKED } from './sittingFixture.js';
import { startSittingRig, type SittingRig } from './sittingRig.js';

/**
 * Delegates attending online, as the staff see them (issue 15), in Chromium: one delegate
 * checks in from their own tablet at home, the secretariat checks another in at a commune
 * meeting point. The secretariat's desk shows the device, the place and the link; the chair's
 * console and the hall screen list who attends online and from where; the quorum says how
 * many of those counted are online. The tablet drops off: "reconnecting" (still counted),
 * then, past the council's grace period, "lost" and the quorum one short. The administrator
 * sets the council's rules for it (allowed or not, counted or not, the grace period).
 * Screenshots: test-results/screenshots/online-*.png.
 */
const TABLET_UA = 'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PLACE = 'Nhà riêng, xã Tân Lập';
const SIZES = [[1024, 768], [1440, 900]] as const;

describe('delegates attending online: the secretariat, the chair and the hall screen', () => {
  let rig: SittingRig;
  let f: SittingRig['f'];
  let pointId: string;
  let home: { id: string; displayName: string };
  let atPoint: { id: string; displayName: string };
  let homeSocket: ClientSocket | null = null;
  let clerk: Opened;
  let chair: Opened;
  let hall: Opened;
  let chairEmit: Emit;
  let admin: Opened;

  beforeAll(async () => {
    rig = await startSittingRig();
    f = rig.f;
    const { models } = rig.server.deps;
    const council = await models.Council.findById(f.council._id).lean();
    const commune = await buildUnit(rig.server.deps, { name: 'Xã Tân Lập', unitType: 'xa', parentId: council!.unitId });
    const point = await models.MeetingPoint.create({ unitId: commune._id, name: 'Điểm cầu xã Tân Lập' });
    pointId = String(point._id);
    await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { meetingPointIds: [point._id] } });
    home = f.absent[0]!;
    atPoint = f.absent[1]!;
    chairEmit = await rig.joined(f.chair.id);
  }, 180_000);
  afterAll(async () => {
    homeSocket?.close();
    for (const o of [clerk, chair, hall, admin]) if (o) expect(o.problems).toEqual([]);
    await rig?.stop();
  });

  const open = (userId: string, path: string, width = 1440, height = 900) => rig.openAs(userId, path, { viewport: { width, height }, locale: 'vi-VN' });
  const deskRow = (userId: string) => clerk.page.getByTestId('attendance-desk').locator(`[data-user-id="${userId}"]`);
  const listed = (p: Page, userId: string) => p.getByTestId('online-attendees').locator(`[data-user-id="${userId}"]`);
  const quorumText = async (p: Page) => textOf(p.getByTestId('quorum').first());
  /** The page at both sizes, checked for sideways scrolling and (unless told) small touch targets. */
  async function atSizes(page: Page, name: string, touch = true) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await shotFromTop(page, `online-${name}-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `${name} at ${width}`).toBe(false);
      if (touch) expect(await smallTouchTargets(page), `${name} at ${width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  /** The delegate's tablet: a socket with a tablet's user agent, following the sitting. */
  async function tablet(): Promise<Emit> {
    homeSocket = await connectSocket(rig.server.url, await cookieFor(rig.server.deps, home.id), { userAgent: TABLET_UA });
    const emit = emitterOf(homeSocket);
    ok(await emit('sitting:join', { sittingId: f.sittingId }));
    return emit;
  }

  it('before anyone is online: the chair\'s list says so, the hall screen shows no list', async () => {
    chair = await open(f.chair.id, `/dieu-hanh/${f.sittingId}`);
    hall = await open(f.secretary.id, `/man-hinh/${f.sittingId}`, 1920, 1080);
    await chair.page.getByTestId('online-attendees').getByText('Chưa có đại biểu tham dự trực tuyến.').waitFor();
    await hall.page.getByTestId('quorum').waitFor();
    expect(await hall.page.getByTestId('online-attendees').count()).toBe(0);
    expect(await chair.page.getByTestId('quorum-online').count()).toBe(0);
  }, 60_000);

  it('one delegate checks in from their own tablet at home, another is checked in at a meeting point: the desk shows the device, place and link', async () => {
    const emit = await tablet();
    ok(await emit('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online', meetingPointId: null, place: PLACE }));
    const clerkEmit = await rig.joined(f.secretary.id);
    ok(await clerkEmit('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), userId: atPoint.id, status: 'online', meetingPointId: pointId }));

    clerk = await open(f.secretary.id, `/chuan-bi/${f.sessionId}`);
    const row = deskRow(home.id);
    await expect.poll(() => row.getAttribute('data-link')).toBe('connected');
    expect(await row.getAttribute('data-status')).toBe('online');
    expect(await row.getAttribute('data-quality')).toBe('unknown');
    expect(await textOf(row.locator('.now'))).toMatch(/^Trực tuyến · thiết bị cá nhân · Nhà riêng, xã Tân Lập · \d\d:\d\d$/);
    expect(await textOf(row.locator('.device'))).toBe('Thiết bị: Chrome 131 · Android 13 · máy tính bảng');
    expect(await textOf(row.getByTestId('attendance-link'))).toBe('Đã kết nối · Chất lượng: chưa rõ');
    // The meeting point's delegate reads as before: no device, no link.
    const other = deskRow(atPoint.id);
    expect(await textOf(other.locator('.now'))).toMatch(/^Trực tuyến · Điểm cầu xã Tân Lập · \d\d:\d\d$/);
    expect(await other.getAttribute('data-link')).toBeNull();

    // The tablet joins the briefing: the media server scores what it sends (9/10: good).
    await setLinkScore(rig.server.deps, f.sittingId, home.id, 9);
    await expect.poll(() => row.getAttribute('data-quality')).toBe('good');
    expect(await textOf(row.getByTestId('attendance-link'))).toBe('Đã kết nối · Chất lượng: tốt');

    const quorum = `Đủ số đại biểu: có mặt ${PRECHECKED + 2}/50, cần 34`;
    await expect.poll(() => quorumText(clerk.page)).toContain(quorum);
    expect(await quorumText(clerk.page)).toContain('Trong đó 2 trực tuyến');
    // Photographed found by name (a whole-page shot shows the list from its top).
    await clerk.page.getByTestId('attendance-desk').getByLabel('Tìm đại biểu').fill(home.displayName);
    await expect.poll(() => clerk.page.getByTestId('attendance-desk').locator('[data-user-id]').count()).toBe(1);
    await row.scrollIntoViewIfNeeded();
    await atSizes(clerk.page, 'desk');
  }, 90_000);

  it('the chair\'s console and the hall screen list who attends online and from where; the quorum says how many are online', async () => {
    const item = listed(chair.page, home.id);
    await expect.poll(() => item.getAttribute('data-link')).toBe('connected');
    expect(await textOf(item)).toBe(`${home.displayName} Thiết bị cá nhân · ${PLACE} Đã kết nối · Chất lượng: tốt`);
    const there = listed(chair.page, atPoint.id);
    expect(await textOf(there)).toBe(`${atPoint.displayName} Điểm cầu xã Tân Lập`);
    expect(await textOf(chair.page.getByTestId('online-attendees').locator('h2'))).toBe('Tham dự trực tuyến (2)');
    expect(await quorumText(chair.page)).toContain(`có mặt ${PRECHECKED + 2}/50, cần 34 Trong đó 2 trực tuyến`);
    await atSizes(chair.page, 'console');

    const onHall = listed(hall.page, home.id);
    await expect.poll(() => onHall.getAttribute('data-link')).toBe('connected');
    // Compact on the projector: name and place; the link only when it is not connected.
    expect(await textOf(onHall)).toBe(`${home.displayName} Thiết bị cá nhân · ${PLACE}`);
    expect(await textOf(listed(hall.page, atPoint.id))).toBe(`${atPoint.displayName} Điểm cầu xã Tân Lập`);
    expect(await quorumText(hall.page)).toContain('Trong đó 2 trực tuyến');
    expect(await overflowsHorizontally(hall.page)).toBe(false);
    await shotFromTop(hall.page, 'online-hall-1920x1080.png');
  }, 60_000);

  it('the delegate at home asks for the floor: the queue, the timer and the hall screen say they speak online from their own device', async () => {
    const emit = emitterOf(homeSocket!);
    ok(await emit('floor:request', { sittingId: f.sittingId, commandId: randomUUID(), kind: 'speak' }));
    const request = chair.page.getByTestId('speaker-queue').locator('li', { hasText: home.displayName });
    await request.waitFor();
    expect(await textOf(request)).toContain(`Phát biểu trực tuyến từ thiết bị cá nhân (${PLACE})`);
    await request.getByRole('button', { name: `Mời phát biểu: ${home.displayName}` }).click();
    for (const p of [chair.page, hall.page]) {
      const timer = p.getByTestId('speaker-timer');
      await timer.getByText(home.displayName).waitFor();
      expect(await textOf(timer)).toContain(`Phát biểu · trực tuyến từ thiết bị cá nhân (${PLACE})`);
    }
    await shotFromTop(chair.page, 'online-console-speaking-1440x900.png');
    await shotFromTop(hall.page, 'online-hall-speaking-1920x1080.png');
    // The projector fits its screen: the online list does not push the quorum below it.
    expect(await hall.page.evaluate('document.documentElement.scrollHeight')).toBeLessThanOrEqual(1080);
    ok(await chairEmit('floor:end', { sittingId: f.sittingId, commandId: randomUUID() }));
    await expect.poll(() => chair.page.getByTestId('speaker-timer').count()).toBe(0);
  }, 60_000);

  it('the tablet drops off: "reconnecting", still counted, everywhere; back, it is connected again', async () => {
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.onlineGraceSeconds': 60 } });
    homeSocket!.close();
    homeSocket = null;
    const row = deskRow(home.id);
    await expect.poll(() => row.getAttribute('data-link'), { timeout: 10_000 }).toBe('reconnecting');
    expect(await textOf(row.getByTestId('attendance-link'))).toMatch(/^Đang kết nối lại \(từ \d\d:\d\d\) · vẫn được tính có mặt$/);
    for (const p of [chair.page, hall.page]) {
      await expect.poll(() => listed(p, home.id).getAttribute('data-link')).toBe('reconnecting');
      await expect.poll(() => quorumText(p)).toContain(`có mặt ${PRECHECKED + 2}/50`);
      expect(await quorumText(p)).toContain('Trong đó 2 trực tuyến 1 đang kết nối lại (vẫn được tính)');
    }
    expect(await textOf(listed(chair.page, home.id))).toMatch(/Đang kết nối lại \(từ \d\d:\d\d\) · vẫn được tính có mặt$/);
    expect(await textOf(listed(hall.page, home.id))).toBe(`${home.displayName} Thiết bị cá nhân · ${PLACE} Đang kết nối lại`);
    // The one whose device dropped comes first.
    expect(await chair.page.getByTestId('online-attendees').locator('li').first().getAttribute('data-user-id')).toBe(home.id);
    await row.scrollIntoViewIfNeeded();
    await shotFromTop(clerk.page, 'online-desk-reconnecting-1440x900.png');
    await shotFromTop(chair.page, 'online-console-reconnecting-1440x900.png');
    await shotFromTop(hall.page, 'online-hall-reconnecting-1920x1080.png');

    await tablet();
    await expect.poll(() => row.getAttribute('data-link')).toBe('connected');
    await expect.poll(() => listed(chair.page, home.id).getAttribute('data-link')).toBe('connected');
    expect(await chair.page.getByTestId('quorum-reconnecting').count()).toBe(0);
  }, 60_000);

  it('dropped past the council\'s grace period: "lost", not counted, the quorum one short', async () => {
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.onlineGraceSeconds': 1 } });
    homeSocket!.close();
    homeSocket = null;
    const row = deskRow(home.id);
    await expect.poll(() => row.getAttribute('data-link'), { timeout: 10_000 }).toBe('lost');
    expect(await textOf(row.getByTestId('attendance-link'))).toMatch(/^Mất kết nối \(từ \d\d:\d\d\) · không được tính có mặt$/);
    const short = `Chưa đủ số đại biểu: có mặt ${PRECHECKED + 1}/50, cần 34, còn thiếu 1`;
    for (const p of [clerk.page, chair.page, hall.page]) {
      await expect.poll(() => quorumText(p)).toContain(short);
      expect(await quorumText(p)).toContain('Trong đó 1 trực tuyến');
      expect(await quorumText(p)).not.toContain('đang kết nối lại');
    }
    for (const p of [chair.page, hall.page]) await expect.poll(() => listed(p, home.id).getAttribute('data-link')).toBe('lost');
    expect(await textOf(listed(chair.page, home.id))).toMatch(/Mất kết nối \(từ \d\d:\d\d\) · không được tính có mặt$/);
    expect(await textOf(listed(hall.page, home.id))).toBe(`${home.displayName} Thiết bị cá nhân · ${PLACE} Mất kết nối`);
    expect(await textOf(chair.page.getByTestId('attendance-lost'))).toBe('Trong đó mất kết nối (không tính) 1');
    await row.scrollIntoViewIfNeeded();
    await atSizes(clerk.page, 'desk-lost');
    await atSizes(chair.page, 'console-lost');
    expect(await overflowsHorizontally(hall.page)).toBe(false);
    await shotFromTop(hall.page, 'online-hall-lost-1920x1080.png');
  }, 60_000);

  it('the administrator changes the council\'s three rules for it, saves, and finds them kept after a reload', async () => {
    // The fixture's 2-second follow-up limit (for a quick overtime) is below what the rules allow: a real one.
    await rig.server.deps.models.Council.updateOne({ _id: f.council._id }, { $set: { 'rules.followUpSeconds': 180 } });
    const u = await buildUser(rig.server.deps, { displayName: 'Hoàng Văn Quản' });
    await buildMembership(rig.server.deps, u._id, f.council._id, 'admin');
    admin = await open(String(u._id), '/quan-tri');
    const { page } = admin;
    const editForm = async () => {
      await page.getByRole('tab', { name: 'Hội đồng', exact: true }).click();
      await page.getByRole('button', { name: 'Sửa HĐND tỉnh Ninh Bình' }).click();
      return page.locator('form', { has: page.getByRole('heading', { name: /^Sửa hội đồng/ }) });
    };
    let form = await editForm();
    const personal = form.getByLabel('Cho phép tham dự trực tuyến từ thiết bị cá nhân');
    const counts = form.getByLabel('Đại biểu trực tuyến được tính vào số đại biểu có mặt');
    const grace = form.getByLabel('Thời gian chờ kết nối lại (giây)');
    // As the tests above left them: allowed, counted, 1 s.
    expect(await personal.isChecked()).toBe(true);
    expect(await counts.isChecked()).toBe(true);
    expect(await grace.inputValue()).toBe('1');
    await personal.uncheck();
    await counts.uncheck();
    await grace.fill('300');
    await form.getByTestId('council-online-rules').scrollIntoViewIfNeeded();
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await shotFromTop(page, `online-admin-rules-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `admin at ${width}`).toBe(false);
      expect(await smallTouchTargets(page), `admin at ${width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await form.waitFor({ state: 'detached' });

    const stored = await rig.server.deps.models.Council.findById(f.council._id).lean();
    // Only these three changed: the fixture's speaking limit is kept.
    expect(stored!.rules).toMatchObject({ personalDevices: false, onlineCountsForQuorum: false, onlineGraceSeconds: 300, firstSpeechSeconds: 45 });

    await page.reload();
    form = await editForm();
    expect(await form.getByLabel('Cho phép tham dự trực tuyến từ thiết bị cá nhân').isChecked()).toBe(false);
    expect(await form.getByLabel('Đại biểu trực tuyến được tính vào số đại biểu có mặt').isChecked()).toBe(false);
    expect(await form.getByLabel('Thời gian chờ kết nối lại (giây)').inputValue()).toBe('300');

    // Out of range: the browser keeps the form from being sent; nothing changes.
    await form.getByLabel('Thời gian chờ kết nối lại (giây)').fill('5000');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    expect(await form.locator('input[type="number"]:invalid').count()).toBe(1);
    expect((await rig.server.deps.models.Council.findById(f.council._id).lean())!.rules).toMatchObject({ onlineGraceSeconds: 300 });
  }, 90_000);
});

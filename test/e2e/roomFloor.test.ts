import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSignedIn, overflowsHorizontally, shotFromTop, smallTouchTargets, textOf, type Opened } from './browser.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';

/**
 * A delegate attending from a commune meeting point for one sitting (issue 13), in Chromium:
 * the secretariat marks the hall delegate online at Tân Lập (a choice among the sitting's
 * meeting points), Tân Lập's operator sees him in the room and asks for the floor on his
 * behalf, the chair's console shows him with the room and gives him the floor, and the
 * briefing's floor goes to Tân Lập.
 */
describe('the floor for a delegate in a commune room, asked for by its operator', () => {
  let rig: BriefingRig;
  let f: BriefingRig['f'];
  let clerk: Opened;
  let operator: Opened;
  let chair: Opened;
  const SIZES = [[1024, 768], [1440, 900]] as const;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 1, ports: { min: 48000, max: 48999 } });
    f = rig.f;
  }, 180_000);
  afterAll(async () => {
    for (const o of [clerk, operator, chair]) if (o) expect(o.problems).toEqual([]);
    await rig?.stop();
  });

  const open = (userId: string, path: string) => openSignedIn(rig.browser, rig.server, userId, path, { viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  async function atSizes(page: Page, name: string, check = true) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      // From the top: a page scrolled to the row would draw the sticky header in the middle.
      await shotFromTop(page, `${name}-${width}x${height}.png`);
      if (check) {
        expect(await overflowsHorizontally(page), `${name} at ${width}`).toBe(false);
      }
    }
  }

  it('the secretariat chooses the meeting point for an online check-in among the sitting\'s, the membership\'s first', async () => {
    clerk = await open(f.secretary.id, `/chuan-bi/${f.sessionId}`);
    const desk = clerk.page.getByTestId('attendance-desk');
    // Khánh's membership names Yên Sơn: it is offered first, marked as his.
    const khanh = desk.locator(`[data-user-id="${f.roomDelegate.id}"]`);
    await khanh.getByRole('button', { name: 'Trực tuyến' }).click();
    const khanhPoint = khanh.getByLabel(`Điểm cầu ${f.roomDelegate.displayName} tham dự`);
    expect(await khanhPoint.inputValue()).toBe(f.mp2);
    expect(await khanhPoint.locator('option').allInnerTexts()).toEqual(['Điểm cầu xã Tân Lập', 'Điểm cầu xã Yên Sơn (điểm cầu được phân công)']);
    await khanh.getByRole('button', { name: 'Hủy' }).click();

    // Bảo's membership names no point: today he attends from Tân Lập.
    const bao = desk.locator(`[data-user-id="${f.hallDelegate.id}"]`);
    await bao.getByRole('button', { name: 'Trực tuyến' }).click();
    const point = bao.getByLabel(`Điểm cầu ${f.hallDelegate.displayName} tham dự`);
    await point.selectOption(f.mp1);
    await bao.scrollIntoViewIfNeeded();
    await atSizes(clerk.page, 'room-floor-attendance-choice');
    expect(await smallTouchTargets(clerk.page)).toEqual([]);
    await bao.getByRole('button', { name: 'Điểm danh trực tuyến' }).click();
    await expect.poll(() => bao.getAttribute('data-status')).toBe('online');
    expect(await textOf(bao.locator('.now'))).toMatch(/^Trực tuyến · Điểm cầu xã Tân Lập · \d\d:\d\d$/);
    // The choice closes once the server has acknowledged it (the new state may arrive first).
    await expect.poll(() => bao.getByRole('combobox').count()).toBe(0);
  }, 90_000);

  it('the operator sees him in the room and asks for the floor on his behalf; the chair sees him with the room and gives it; the floor goes to the room', async () => {
    operator = await open(f.operator1.id, `/hop-truc-tuyen/${f.sittingId}`);
    await operator.page.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 30_000 });
    const panel = operator.page.getByTestId('room-delegates');
    const bao = panel.locator(`[data-user-id="${f.hallDelegate.id}"]`);
    await bao.getByText(/^Đã điểm danh tại điểm cầu · \d\d:\d\d$/).waitFor();
    // Khánh (Yên Sơn) is not listed in Tân Lập, but may be checked in here if he sits here today.
    expect(await panel.locator(`[data-user-id="${f.roomDelegate.id}"]`).count()).toBe(0);
    expect(await panel.getByLabel('Đại biểu khác có mặt tại điểm cầu').locator('option').allInnerTexts()).toEqual(['Chọn đại biểu', f.roomDelegate.displayName]);

    await bao.getByRole('button', { name: `Đăng ký phát biểu cho ${f.hallDelegate.displayName}` }).click();
    await bao.getByTestId('queue-place').getByText('Đã đăng ký · thứ 1').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await atSizes(operator.page, 'room-floor-operator');
    expect(await smallTouchTargets(operator.page)).toEqual([]);

    // The chair's console: the request is Bảo's, from Tân Lập.
    chair = await open(f.chair.id, `/dieu-hanh/${f.sittingId}`);
    const queue = chair.page.getByTestId('speaker-queue');
    const request = queue.locator('li', { hasText: f.hallDelegate.displayName });
    await request.waitFor();
    expect(await textOf(request)).toContain('tại Điểm cầu xã Tân Lập');
    await shotFromTop(chair.page, 'room-floor-chair-queue-1440x900.png');
    await request.getByRole('button', { name: `Mời phát biểu: ${f.hallDelegate.displayName}` }).click();
    const timer = chair.page.getByTestId('speaker-timer');
    await timer.getByText(f.hallDelegate.displayName).waitFor();
    expect(await textOf(timer)).toContain('Phát biểu · tại Điểm cầu xã Tân Lập');
    await shotFromTop(chair.page, 'room-floor-chair-speaking-1440x900.png');

    // The room holds the floor in the briefing; the operator's panel says he is speaking.
    await expect.poll(() => operator.page.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 15_000 }).toBe(f.mp1);
    await bao.getByText('Đang phát biểu').waitFor();
    await operator.page.setViewportSize({ width: 1440, height: 900 });
    await shotFromTop(operator.page, 'room-floor-operator-speaking-1440x900.png');
  }, 120_000);

  it('a second request: the operator withdraws it and the chair\'s queue empties; the operator checks in here a delegate whose membership names another point', async () => {
    await chair.page.getByRole('button', { name: 'Kết thúc lượt phát biểu' }).click();
    const bao = operator.page.getByTestId('room-delegates').locator(`[data-user-id="${f.hallDelegate.id}"]`);
    await bao.getByRole('button', { name: `Đăng ký phát biểu cho ${f.hallDelegate.displayName}` }).click();
    await chair.page.getByTestId('speaker-queue').locator('li', { hasText: f.hallDelegate.displayName }).waitFor();
    await bao.getByRole('button', { name: `Rút đăng ký phát biểu của ${f.hallDelegate.displayName}` }).click();
    await expect.poll(() => chair.page.getByTestId('speaker-queue').locator('li').count()).toBe(0);
    await bao.getByRole('button', { name: `Đăng ký phát biểu cho ${f.hallDelegate.displayName}` }).waitFor();
    // A reply in a debate, asked for the same way: the chair's queue says which kind.
    await bao.getByRole('button', { name: `Đăng ký tranh luận cho ${f.hallDelegate.displayName}` }).click();
    await chair.page.getByTestId('speaker-queue').locator('li', { hasText: f.hallDelegate.displayName }).getByText('Tranh luận').waitFor();
    await bao.getByRole('button', { name: `Rút đăng ký phát biểu của ${f.hallDelegate.displayName}` }).click();
    await expect.poll(() => chair.page.getByTestId('speaker-queue').locator('li').count()).toBe(0);

    // Khánh (membership: Yên Sơn) sits in Tân Lập today: the operator checks him in here.
    const panel = operator.page.getByTestId('room-delegates');
    await panel.getByLabel('Đại biểu khác có mặt tại điểm cầu').selectOption(f.roomDelegate.id);
    await panel.getByRole('button', { name: 'Điểm danh tại đây' }).click();
    await panel.locator(`[data-user-id="${f.roomDelegate.id}"]`).getByText(/^Đã điểm danh tại điểm cầu · \d\d:\d\d$/).waitFor();
    await expect.poll(() => clerk.page.getByTestId('attendance-desk').locator(`[data-user-id="${f.roomDelegate.id}"] .now`).innerText()).toMatch(/^Trực tuyến · Điểm cầu xã Tân Lập/);
  }, 60_000);
});

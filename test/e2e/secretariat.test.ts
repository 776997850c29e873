import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildCast } from '../helpers/factories.js';
import { buildClient, launchChromium, openSignedIn, overflowsHorizontally, SCREENSHOT_DIR, smallTouchTargets, type Opened } from './browser.js';

/**
 * The secretariat's workspace in Chromium: a session created from /chuan-bi, two sittings
 * with their own agenda items, one published; a delegate then sees the published sitting
 * and not the draft, and its tablet shows only that sitting's items.
 */
describe('the secretariat prepares a session in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let cast: Awaited<ReturnType<typeof buildCast>>;
  let secretary: Opened;
  let sessionPath = '';
  const SHOTS = join(SCREENSHOT_DIR, 'secretariat');

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    cast = await buildCast(server.deps);
    await server.deps.models.Council.updateOne({ _id: cast.council._id }, { name: 'HĐND tỉnh Hà Nam' });
    // The province's hall and a commune's room (the administrator's work, tested in admin.test.ts).
    const communeUnit = await server.deps.models.Unit.create({ name: 'Xã Kim Bảng', unitType: 'xa', parentId: cast.council.unitId, validFrom: new Date('2025-07-01') });
    await server.deps.models.MeetingPoint.create({ unitId: cast.council.unitId, name: 'Hội trường HĐND tỉnh', address: '', capacity: 80 });
    await server.deps.models.MeetingPoint.create({ unitId: communeUnit._id, name: 'Điểm cầu xã Kim Bảng', address: 'UBND xã Kim Bảng', capacity: 30 });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
  /** The same screen at the tablet's 1024×768 and a desktop's 1440×900, back at 1024 after. */
  const shots = async (page: Page, name: string) => {
    await shot(page, `${name}-1024.png`);
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, `${name}-1440.png`);
    await page.setViewportSize({ width: 1024, height: 768 });
  };
  const sittingCard = (page: Page, title: string) => page.getByTestId('prep-sitting').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

  it('the secretariat creates a session from /chuan-bi and lands on its workspace', async () => {
    secretary = await openSignedIn(browser, server, cast.users.secretariat.id, '/chuan-bi', { viewport: { width: 1024, height: 768 }, hasTouch: true });
    const page = secretary.page;
    await page.getByRole('heading', { name: 'Chuẩn bị kỳ họp' }).waitFor();
    await page.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    const form = page.getByTestId('session-form');
    // Nothing typed: the form names what is missing instead of sending.
    await form.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    await form.getByText('Vui lòng nhập số kỳ họp.').waitFor();
    await form.getByLabel('Số kỳ họp').fill('Kỳ họp thứ 5');
    await form.getByLabel('Tên kỳ họp').fill('Kỳ họp thường lệ giữa năm 2026');
    await form.getByLabel('Loại kỳ họp').selectOption('regular');
    await form.getByLabel('Ngày khai mạc').fill('2026-07-08');
    await form.getByLabel('Ngày bế mạc').fill('2026-07-10');
    await form.getByLabel('Địa điểm').fill('Hội trường HĐND tỉnh');
    await shots(page, 'create-session');
    await form.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    await page.getByRole('heading', { name: 'Kỳ họp thường lệ giữa năm 2026' }).waitFor();
    sessionPath = new URL(page.url()).pathname;
    expect(sessionPath).toMatch(/^\/chuan-bi\/[0-9a-f]{24}$/);
    const details = page.getByTestId('session-details');
    await details.getByText('Kỳ họp thứ 5').waitFor();
    await details.getByText('Hội trường HĐND tỉnh').waitFor();
  });

  it('builds the agenda, then two sittings each with its own items, date, time and place', async () => {
    const page = secretary.page;
    for (const title of ['Khai mạc và báo cáo', 'Chất vấn và trả lời chất vấn']) {
      await page.getByRole('button', { name: 'Thêm nội dung' }).first().click();
      await page.getByLabel('Tên nội dung').fill(title);
      await page.getByRole('button', { name: 'Thêm vào chương trình' }).click();
      await page.getByRole('heading', { name: 'Soạn chương trình' }).waitFor();
      await page.locator('section', { has: page.getByRole('heading', { name: 'Soạn chương trình' }) }).getByText(title).first().waitFor();
    }
    const add = async (title: string, date: string, time: string, venue: string, item: string, closed: boolean) => {
      await page.getByRole('button', { name: 'Thêm phiên họp' }).click();
      const form = page.getByTestId('sitting-form');
      await form.getByLabel('Tên phiên họp').fill(title);
      await form.getByLabel('Ngày họp').fill(date);
      await form.getByLabel('Giờ bắt đầu').fill(time);
      await form.getByLabel('Địa điểm').fill(venue);
      if (closed) await form.getByLabel(/Họp kín/).check();
      await form.getByLabel(item).check();
      // The commune's room takes part in the opening sitting (its briefing and its floor).
      if (title === 'Phiên khai mạc') await form.getByTestId('sitting-meeting-points').getByLabel(/Điểm cầu xã Kim Bảng/).check();
      if (title === 'Phiên khai mạc') await shots(page, 'sitting-form');
      await form.getByRole('button', { name: 'Tạo phiên họp' }).click();
      await sittingCard(page, title).waitFor();
    };
    await add('Phiên khai mạc', '2026-07-08', '08:00', 'Hội trường tầng 3', 'Khai mạc và báo cáo', false);
    await add('Phiên chất vấn', '2026-07-09', '14:00', 'Phòng họp số 2', 'Chất vấn và trả lời chất vấn', true);
    const opening = sittingCard(page, 'Phiên khai mạc');
    expect(await opening.innerText()).toContain('08/07/2026, lúc 08:00');
    expect(await opening.innerText()).toContain('1 nội dung chương trình');
    const stored = await server.deps.models.Sitting.findOne({ title: 'Phiên khai mạc' }).lean<{ meetingPointIds: unknown[] }>();
    const kimBang = await server.deps.models.MeetingPoint.findOne({ name: 'Điểm cầu xã Kim Bảng' }).lean<{ _id: unknown }>();
    expect(stored!.meetingPointIds.map(String)).toEqual([String(kimBang!._id)]);
    expect((await server.deps.models.Sitting.findOne({ title: 'Phiên chất vấn' }).lean<{ meetingPointIds: unknown[] }>())!.meetingPointIds).toEqual([]);
    // A date outside the session is refused with the server's reason.
    await opening.getByRole('button', { name: 'Sửa phiên họp “Phiên khai mạc”' }).click();
    const form = page.getByTestId('sitting-form');
    await form.getByLabel('Ngày họp').fill('2026-07-20');
    await form.getByRole('button', { name: 'Lưu phiên họp' }).click();
    await form.getByText(/Ngày họp phải trong thời gian kỳ họp/).waitFor();
    await form.getByLabel('Ngày họp').fill('2026-07-08');
    await form.getByRole('button', { name: 'Lưu phiên họp' }).click();
    await opening.waitFor();
  });

  it('publishes one sitting after a confirmation that says who will see it', async () => {
    const page = secretary.page;
    const opening = sittingCard(page, 'Phiên khai mạc');
    await opening.getByRole('button', { name: 'Công bố phiên họp “Phiên khai mạc”' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/tất cả đại biểu của hội đồng, chủ tọa, các điểm cầu và khách mời sẽ thấy phiên họp này/).waitFor();
    await shots(page, 'publish-confirm');
    await dialog.getByRole('button', { name: 'Công bố phiên họp' }).click();
    await expect.poll(() => opening.locator('[data-status]').getAttribute('data-status')).toBe('published');
    expect(await sittingCard(page, 'Phiên chất vấn').locator('[data-status]').getAttribute('data-status')).toBe('draft');
    // A 1×1 control is a visually hidden one (the document manager's file input, behind its drop zone).
    expect((await smallTouchTargets(page)).filter((x) => !x.endsWith(': 1×1'))).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'workspace-1024.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await overflowsHorizontally(page)).toBe(false);
    await shot(page, 'workspace-1440.png');
    expect(secretary.problems).toEqual([]);
  });

  it('a delegate then sees the published sitting, not the draft, and its tablet shows only its items', async () => {
    const sessionId = sessionPath.split('/').pop()!;
    const delegate = await openSignedIn(browser, server, cast.users.delegate.id, `/ky-hop/${sessionId}`, { viewport: { width: 1024, height: 768 }, hasTouch: true });
    const page = delegate.page;
    await page.getByRole('heading', { name: 'Kỳ họp thường lệ giữa năm 2026' }).waitFor();
    const sittings = page.locator('section', { has: page.getByRole('heading', { name: 'Các phiên họp' }) });
    await sittings.getByRole('heading', { name: 'Phiên khai mạc' }).waitFor();
    expect(await sittings.getByText('Phiên chất vấn').count()).toBe(0);
    await page.getByRole('link', { name: 'Vào phiên họp: Phiên khai mạc' }).click();
    await page.getByText('Khai mạc và báo cáo').first().waitFor();
    expect(await page.getByText('Chất vấn và trả lời chất vấn').count()).toBe(0);
    await shots(page, 'delegate-tablet');
    expect(delegate.problems).toEqual([]);
    await delegate.context.close();
  });

  it('the secretariat cancels another session with a reason, after a confirmation', async () => {
    const page = secretary.page;
    await page.goto(server.url + '/chuan-bi');
    await page.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    const form = page.getByTestId('session-form');
    await form.getByLabel('Số kỳ họp').fill('Kỳ họp thứ 6');
    await form.getByLabel('Tên kỳ họp').fill('Kỳ họp chuyên đề về đất đai');
    await form.getByLabel('Loại kỳ họp').selectOption('thematic');
    await form.getByLabel('Ngày khai mạc').fill('2026-09-01');
    await form.getByLabel('Ngày bế mạc').fill('2026-09-01');
    await form.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    await page.getByRole('heading', { name: 'Kỳ họp chuyên đề về đất đai' }).waitFor();
    await page.getByRole('button', { name: 'Hủy kỳ họp' }).click();
    await page.getByLabel('Lý do hủy kỳ họp').fill('Dời sang kỳ họp thường lệ cuối năm');
    await page.getByRole('button', { name: 'Hủy kỳ họp' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Hủy kỳ họp' }).click();
    await page.getByText('Kỳ họp đã bị hủy. Lý do: Dời sang kỳ họp thường lệ cuối năm').waitFor();
    expect(await page.getByRole('button', { name: 'Thêm phiên họp' }).count()).toBe(0);
    // The session's own page says so too, with the reason, to everyone who opens it.
    const prepared = new URL(page.url()).pathname;
    await page.goto(server.url + prepared.replace('/chuan-bi/', '/ky-hop/'));
    await page.getByTestId('session-cancelled').getByText('Kỳ họp đã bị hủy. Lý do: Dời sang kỳ họp thường lệ cuối năm').waitFor();
    await shots(page, 'session-cancelled');
    await page.goto(server.url + '/chuan-bi');
    const card = page.locator('article.session', { hasText: 'Kỳ họp chuyên đề về đất đai' });
    await card.getByText('Đã hủy').waitFor();
    await shot(page, 'picker-1440.png');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, 'picker-1024.png');
  });
});

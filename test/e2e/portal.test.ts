import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { commander } from '../helpers/recordsFixtures.js';
import { buildCouncil } from '../helpers/factories.js';
import { buildPortalWorld, type PortalWorld } from '../helpers/portalFixtures.js';
import { until } from './webcastRig.js';
import { SCREENSHOT_DIR, buildClient, launchChromium, openSignedIn, overflowsHorizontally, shotFromTop, smallTouchTargets, textOf, watchProblems } from './browser.js';

/**
 * The public portal end to end in Chromium, as an anonymous visitor (no cookie at all): the
 * councils lead to the calendar, the calendar to a public sitting (agenda, the public document
 * in the viewer, published results with named choices and secret counts only, a question with
 * its answer and commitment, the signed resolution adopted with its PDF). Nothing closed-doors, draft or council-only appears. An open
 * sitting's live panel follows the chair's commands through the portal's socket namespace.
 * Screenshots of the calendar and the sitting at phone, tablet and desktop sizes.
 */
const SIZES = [[390, 844], [1024, 768], [1440, 900]] as const;

describe('public portal in Chromium (no sign-in)', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let w: PortalWorld;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    w = await buildPortalWorld(server, sockets);
    await w.publish();
    // The minutes, generated and signed by the council's own commands: public once signed.
    await w.as.secretariat.post(`/api/sittings/${w.sittingId}/minutes/generate`);
    const draft = (await w.as.chair.get(`/api/sittings/${w.sittingId}/minutes`)).json.data as { revision: number };
    expect((await w.as.chair.post(`/api/sittings/${w.sittingId}/minutes/sign`, { revision: draft.revision })).status).toBe(200);
    // The resolution the named vote adopted, drafted by the secretariat and signed by the chair: public once signed.
    const resolution = await w.as.secretariat.post(`/api/polls/${w.polls.named}/resolution`);
    expect((await w.as.chair.post(`/api/polls/${w.polls.named}/resolution/sign`, { revision: resolution.json.data.revision })).status).toBe(200);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  async function anonymous(path: string, width = 390, height = 844) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(server.url + path);
    return { context, page, problems };
  }

  /** Full-page screenshots at the three sizes; none may scroll sideways or have small targets. */
  async function shots(page: Page, name: string) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(150);
      await shotFromTop(page, `${name}-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `${name} at ${width}x${height}`).toBe(false);
      expect(await smallTouchTargets(page), `${name} at ${width}x${height}`).toEqual([]);
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }

  it('the sign-in page links to the portal, and the portal back to the sign-in', async () => {
    const { page, context, problems } = await anonymous('/');
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Xem thông tin công khai (không cần đăng nhập)' }).click();
    await page.waitForURL(/\/cong-khai/);
    await page.getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('"Đăng nhập" clicked while the portal still loads its councils wins over its redirect to the only council', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/public/councils', async (route) => { await held; await route.continue(); });
    await page.goto(`${server.url}/cong-khai`);
    await page.getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
    const answered = page.waitForResponse('**/api/public/councils');
    release();
    await answered;
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
    await context.close();
  }, 60_000);

  it('an anonymous visitor reads the calendar and a public sitting, and nothing that is not public', async () => {
    const { page, context, problems } = await anonymous('/cong-khai');
    // One council: straight to its calendar.
    await page.waitForURL(`**/cong-khai/hoi-dong/${w.councilIdStr}`);
    const councils = (await (await fetch(`${server.url}/api/public/councils`)).json()) as { data: Array<{ name: string }> };
    await page.getByRole('heading', { level: 1, name: councils.data[0]!.name }).waitFor();
    const opening = page.locator(`a[data-sitting-id="${w.sittingId}"]`);
    await opening.waitFor();
    expect(await textOf(opening)).toContain('Đã họp');
    expect(await textOf(page.locator(`a[data-sitting-id="${w.liveSittingId}"]`))).toContain('Đang họp');
    const calendarText = await page.locator('main').innerText();
    expect(calendarText).not.toMatch(/SECRET_/);
    await shots(page, 'portal-calendar');

    await opening.click();
    await page.waitForURL(`**/cong-khai/phien-hop/${w.sittingId}`);
    await page.getByRole('heading', { level: 1, name: 'Phiên khai mạc' }).waitFor();
    const agenda = page.getByTestId('agenda');
    await agenda.getByText('Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm').waitFor();
    expect((await agenda.locator('.num').allInnerTexts()).map((s) => s.trim())).toEqual(['1', '2']);

    const docs = page.getByTestId('documents');
    await docs.getByText('Báo cáo kinh tế – xã hội').waitFor();
    expect(await docs.locator(`[data-document-id="${w.hidden.councilDoc}"]`).count()).toBe(0);
    expect(await docs.getByText('Dự thảo Nghị quyết về ngân sách').count()).toBe(0);

    // The named poll: passed against N, the threshold's words, each delegate's choice behind a disclosure.
    const named = page.locator(`[data-poll-id="${w.polls.named}"]`);
    expect(await textOf(named)).toMatch(/Thông qua/);
    expect(await textOf(named)).toMatch(/Ngưỡng: /);
    expect(await textOf(named)).toContain('3/5 đại biểu');
    await named.getByText(/Lựa chọn của từng đại biểu \(4\)/).click();
    const choices = named.getByTestId('named-choices');
    await choices.getByRole('rowheader', { name: 'Nguyễn Thị Ánh Tuyết' }).waitFor();
    expect(await choices.locator('tbody tr').count()).toBe(4);
    // The secret poll: counts only, said so, and no one's choice.
    const secret = page.locator(`[data-poll-id="${w.polls.secret}"]`);
    await secret.getByText('Bỏ phiếu kín: chỉ công bố kết quả').waitFor();
    expect(await secret.getByTestId('named-choices').count()).toBe(0);
    expect(await textOf(secret)).toContain('Trịnh Minh Quân');
    expect(await textOf(secret)).toContain('Trúng cử');

    const questions = page.getByTestId('questions-section');
    await questions.getByText('Giám đốc Sở Tài chính').first().waitFor();
    await questions.getByText('Sở sẽ giải ngân đủ vốn đầu tư công trong quý III.').waitFor();
    await questions.getByText(/Hoàn thành giải ngân vốn đầu tư công/).waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/SECRET_/);
    const minutes = page.getByTestId('minutes-section').getByRole('link', { name: /Tải biên bản đã ký \(PDF/ });
    expect(await minutes.getAttribute('href')).toBe(`/api/public/minutes/${w.sittingId}/file`);
    const pdf = await page.request.get(server.url + (await minutes.getAttribute('href'))!);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await shots(page, 'portal-sitting');

    // The public document opens in the viewer, its first page drawn by pdf.js.
    await docs.getByText('Báo cáo kinh tế – xã hội').click();
    await page.waitForURL(`**/cong-khai/phien-hop/${w.sittingId}/tai-lieu/${w.docs.report}*`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo kinh tế – xã hội' }).waitFor();
    await page.locator('[data-testid="page-canvas"][data-page="1"]').waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await shotFromTop(page, 'portal-viewer-390x844.png');

    // A council-only document and a closed-doors sitting are not to be had, even by address.
    await page.goto(`${server.url}/cong-khai/phien-hop/${w.sittingId}/tai-lieu/${w.hidden.councilDoc}`);
    await page.getByText('Tài liệu này không có hoặc không được công khai.').waitFor();
    await page.goto(`${server.url}/cong-khai/phien-hop/${w.hidden.closedSittingId}`);
    await page.getByText('Không tìm thấy thông tin này, hoặc thông tin chưa được công bố.').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/SECRET_/);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('lists the signed resolutions the sitting adopted, each with its signed PDF to download', async () => {
    const { page, context, problems } = await anonymous(`/cong-khai/phien-hop/${w.sittingId}`, 1024, 768);
    const section = page.getByTestId('resolutions-section');
    await section.getByRole('heading', { level: 2, name: 'Nghị quyết đã ban hành' }).waitFor();
    const card = section.locator(`[data-resolution-id="${w.polls.named}"]`);
    await card.waitFor();
    const text = await textOf(card);
    expect(text).toContain('Số: 01/NQ-HĐND');
    expect(await textOf(card.getByRole('heading', { level: 3 }))).toBe('Nghị quyết về ngân sách');
    expect(text).toMatch(/Thông qua ngày \d{2}\/\d{2}\/\d{4}/);
    expect(text).toContain('3/5 đại biểu tán thành');
    const link = card.getByRole('link', { name: /Tải nghị quyết đã ký \(PDF/ });
    expect(await link.getAttribute('href')).toBe(`/api/public/resolutions/${w.polls.named}/file`);
    expect(await link.getAttribute('aria-describedby')).toBe(`resolution-${w.polls.named}`);
    const pdf = await page.request.get(server.url + (await link.getAttribute('href'))!);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await smallTouchTargets(page)).toEqual([]);
    // The part of the page that holds them, at the tablet and desktop sizes.
    for (const [width, height] of [[1024, 768], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate("document.querySelector('[data-testid=\"resolutions-section\"]').scrollIntoView({ block: 'start' }); window.scrollBy(0, -90);");
      await page.waitForTimeout(150);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `portal-resolutions-${width}x${height}.png`) });
      expect(await overflowsHorizontally(page), `${width}x${height}`).toBe(false);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a signed-in member opens the portal too, without the sign-in link', async () => {
    const { page, context, problems } = await openSignedIn(browser, server, w.cast.users.delegate.id, `/cong-khai/phien-hop/${w.sittingId}`, { viewport: { width: 1024, height: 768 } });
    await page.getByRole('heading', { level: 1, name: 'Phiên khai mạc' }).waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(await page.locator('.portal-nav').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('the delegates page shows attendance at public sittings', async () => {
    const { page, context, problems } = await anonymous(`/cong-khai/dai-bieu/${w.councilIdStr}`);
    const list = page.getByTestId('delegates');
    await list.getByText('Nguyễn Thị Ánh Tuyết').waitFor();
    expect(await textOf(list)).toMatch(/Có mặt \d+\/\d+ phiên họp công khai/);
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await smallTouchTargets(page)).toEqual([]);
    await shotFromTop(page, 'portal-delegates-390x844.png');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('an open sitting\'s live panel follows the chair, and says when nothing is broadcast', async () => {
    const [item1, item2] = w.items;
    await server.deps.models.Sitting.updateOne({ _id: new Types.ObjectId(w.liveSittingId) }, { agendaItemIds: [item1, item2] });
    const { page, context, problems } = await anonymous(`/cong-khai/phien-hop/${w.liveSittingId}`, 1024, 768);
    const panel = page.getByTestId('live-panel');
    await panel.waitFor();
    expect(await textOf(panel.getByTestId('live-current'))).toContain('Chất vấn và trả lời chất vấn');
    expect(await textOf(panel.getByTestId('live-speaker'))).toContain('Nguyễn Thị Ánh Tuyết');
    expect(await textOf(panel.getByTestId('live-attendance'))).toBe('2/5 đại biểu');
    expect(await panel.locator('[aria-live="polite"]').count()).toBe(1);
    await page.getByText('Phiên họp chưa phát trực tiếp').waitFor();

    const chair = await commander(server, w.cast.users.chair.id, sockets);
    await chair('sitting:join', { sittingId: w.liveSittingId });
    await chair('floor:end', { sittingId: w.liveSittingId, commandId: randomUUID() }).catch(() => {});
    await chair('agenda:setCurrent', { sittingId: w.liveSittingId, commandId: randomUUID(), agendaItemId: item1 });
    await panel.getByTestId('live-current').filter({ hasText: 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm' }).waitFor({ timeout: 5000 });
    expect(await textOf(panel.getByTestId('live-speaker'))).toContain('Chưa có đại biểu phát biểu.');
    expect(await page.getByTestId('agenda').locator('[aria-current="step"]').innerText()).toContain('Báo cáo tình hình');
    await shots(page, 'portal-live');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('with several councils, lists them; a council with nothing published says so', async () => {
    const empty = await buildCouncil(server.deps);
    const { page, context, problems } = await anonymous('/cong-khai');
    await page.getByRole('heading', { level: 1, name: 'Cổng thông tin công khai' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Các hội đồng nhân dân' }).waitFor();
    expect(await page.locator('li.council').count()).toBe(2);
    await page.locator(`a[href="/cong-khai/hoi-dong/${String(empty._id)}"]`).click();
    await page.getByTestId('calendar-empty').filter({ hasText: 'Chưa có kỳ họp nào được công bố.' }).waitFor();
    await page.getByRole('link', { name: 'Đại biểu', exact: true }).click();
    await page.getByText('Chưa có danh sách đại biểu được công bố.').waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await smallTouchTargets(page)).toEqual([]);
    await shotFromTop(page, 'portal-empty-390x844.png');
    expect(problems).toEqual([]);
    await context.close();
    await server.deps.models.Council.deleteOne({ _id: empty._id });
  }, 60_000);

  /**
   * The broadcast: a few seconds of test picture and tone cut into HLS by ffmpeg, served at the
   * sitting's playlist address only once "live" (404 before, as the server answers). Played by
   * the browser itself where it can (canPlayType), and by hls.js where it cannot (forced here).
   */
  for (const player of ['native', 'hls.js'] as const) {
    it(`plays the live broadcast muted with "Bật tiếng" once the playlist appears (${player})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hdnd-hls-'));
      execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440',
        '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0',
        '-hls_flags', 'omit_endlist', join(dir, 'index.m3u8')]);
      let live = false;
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      if (player === 'hls.js') await context.addInitScript("const own = HTMLMediaElement.prototype.canPlayType; HTMLMediaElement.prototype.canPlayType = function (t) { return /mpegurl/i.test(t) ? '' : own.call(this, t); };");
      await context.route(`${server.url}/api/public/sittings/${w.liveSittingId}/live/**`, async (route) => {
        const name = new URL(route.request().url()).pathname.split('/').pop()!;
        if (!live || !/^[\w.]+$/.test(name)) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"ok":false,"error":"not_found","message":""}' });
        await route.fulfill({ status: 200, contentType: name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', body: readFileSync(join(dir, name)) });
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${server.url}/cong-khai/phien-hop/${w.liveSittingId}`);
      const video = page.getByTestId('live-video');
      await video.getByText('Phiên họp chưa phát trực tiếp').waitFor();
      live = true;
      await video.locator('video').waitFor({ timeout: 10_000 });
      await until(page, "(() => { const v = document.querySelector('[data-testid=live-video] video'); return v && v.readyState >= 2 && v.muted; })()", 15_000);
      const src = (await page.evaluate("document.querySelector('[data-testid=live-video] video').src")) as string;
      if (player === 'native') expect(src).toBe(`${server.url}/api/public/sittings/${w.liveSittingId}/live/index.m3u8`);
      else expect(src).toMatch(/^blob:/);
      const unmute = video.getByRole('button', { name: 'Bật tiếng' });
      expect(await unmute.getAttribute('aria-pressed')).toBe('false');
      await unmute.click();
      await video.getByRole('button', { name: 'Tắt tiếng' }).waitFor();
      expect(await page.evaluate("document.querySelector('[data-testid=live-video] video').muted")).toBe(false);
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(await smallTouchTargets(page)).toEqual([]);
      await page.evaluate("document.querySelector('[data-testid=live-video]').scrollIntoView({ block: 'center' })");
      await page.screenshot({ path: join(SCREENSHOT_DIR, `portal-video-${player === 'native' ? 'native' : 'hlsjs'}-390x844.png`) });
      expect(problems).toEqual([]);
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);
  }
});

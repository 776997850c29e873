import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { MinutesRevisionView } from '../../contract/records.js';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { playScriptedSitting, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import { buildClient, launchChromium, overflowsHorizontally, screenshot, shotsAtBothSizes, smallTouchTargets, watchProblems, openSignedIn } from './browser.js';

/**
 * Minutes end to end in Chromium: after a scripted sitting, the secretary reaches the minutes
 * from the session page, generates the draft, edits and saves it, signs it, downloads the
 * signed PDF and checks it in the page's verifier; a delegate then reads the signed minutes.
 * The minutes are shown as a document (headings, lists), never as their markup, and signing
 * asks first in the app's own dialog. Screenshots at 1024x768 and 1440x900 go to /tmp/shots/records.
 */
const SHOTS = '/tmp/shots/records';

const shots = (page: Page, name: string) => shotsAtBothSizes(page, SHOTS, name, { fullPage: true });
describe('minutes of a sitting in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let s: ScriptedSitting;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    s = await playScriptedSitting(server, sockets);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const openAs = (userId: string, path: string) => openSignedIn(browser, server, userId, path, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });

  it('the secretary generates, edits, signs and verifies the minutes', async () => {
    const { page, problems, context } = await openAs(s.cast.users.secretariat.id, `/ky-hop/${s.sessionId}`);
    await page.getByRole('link', { name: 'Biên bản: Phiên khai mạc' }).click();
    await page.getByRole('heading', { name: 'Biên bản phiên họp', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/bien-ban/${s.sittingId}`);
    await page.getByTestId('minutes-status').filter({ hasText: 'Chưa có dự thảo biên bản.' }).waitFor();

    await page.getByTestId('generate').click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
    // The draft reads as a document: its sections are heading elements, its items a list; no markup shows.
    const doc = page.getByTestId('minutes-rendered');
    await doc.getByRole('heading', { name: 'I. Thời gian, địa điểm' }).waitFor();
    expect(await doc.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
      'I. Thời gian, địa điểm', 'II. Thành phần tham dự', 'III. Chủ tọa, thư ký', 'IV. Nội dung phiên họp', 'V. Kết quả biểu quyết',
      'VI. Chất vấn, trả lời và cam kết', 'VII. Tài liệu đã trình bày', 'VIII. Kết thúc phiên họp',
    ]);
    await doc.getByRole('heading', { name: '1. Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm', level: 4 }).waitFor();
    await doc.getByRole('listitem').filter({ hasText: 'Chủ tọa: Trần Thị Minh Hoa' }).waitFor();
    expect(await doc.locator('strong').first().innerText()).toBe('ĐỦ');
    const shown = await doc.innerText();
    expect(shown).not.toMatch(/(^|\n)\s*#/);
    expect(shown).not.toContain('**');
    for (const name of ['Phạm Quốc Bảo', 'Đặng Thị Hạnh', 'Nguyễn Thị Ánh Tuyết', 'Giám đốc Sở Tài chính']) expect(shown).toContain(name);
    await shots(page, 'records-draft-document');

    await page.getByRole('button', { name: 'Sửa nội dung' }).click();
    const text = page.getByRole('textbox', { name: 'Văn bản biên bản' });
    expect(await text.inputValue()).toContain('## I. Thời gian, địa điểm');

    // A secretary's typed HTML is shown as text, never run or rendered.
    await text.fill(`${await text.inputValue()}\n\nThư ký phiên họp: **Lê Văn Thư**. <img src=x onerror="window.hacked=1">`);
    await page.getByLabel('Ghi chú lần sửa').fill('Bổ sung thư ký');
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);
    await page.getByTestId('save').click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 2, chưa ký.' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'records-draft.png');
    await shots(page, 'records-draft-edit');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.getByRole('button', { name: 'Xem văn bản' }).click();
    await doc.getByText('Thư ký phiên họp: Lê Văn Thư. <img src=x onerror="window.hacked=1">').waitFor();
    expect(await doc.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.hacked')).toBeUndefined();

    // Signing asks first in the app's dialog, saying what signing does and that it cannot be undone; cancelling signs nothing.
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 2?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/khóa của hội đồng[\s\S]*không thể hoàn tác/);
    await shots(page, 'records-sign-confirm');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 2, chưa ký.' }).waitFor();
    await page.getByTestId('sign').click();
    await dialog.getByRole('button', { name: 'Ký số biên bản' }).click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Đã ký số bởi Lê Văn Thư (bản số 2).' }).waitFor();
    await page.getByRole('button', { name: 'Xem 2 bản (bản tạo tự động và các lần sửa)' }).click();
    await page.getByText('Bản số 1').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải biên bản đã ký (PDF)' }).click()]);
    const pdfPath = (await download.path())!;
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByTestId('verify-file').setInputFiles({ name: 'bien-ban.pdf', mimeType: 'application/pdf', buffer: readFileSync(pdfPath) });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    const result = page.getByTestId('verify-result');
    await result.getByText('Tệp còn nguyên vẹn, chữ ký hợp lệ.').waitFor();
    await result.getByText('Khóa ký là khóa đã đăng ký của HĐND tỉnh Ninh Bình.').waitFor();
    expect(await result.getByTestId('verify-embedded').innerText()).toBe('Chữ ký số nhúng trong PDF còn nguyên vẹn, người ký: HĐND tỉnh Ninh Bình, bằng chứng thư đã đăng ký của hội đồng.');
    // The signature checked in full, in Vietnamese: the default file signer is development
    // only, self-signed (no trusted root configured here) and not PAdES.
    const report = result.getByTestId('verify-report');
    expect(await report.getAttribute('data-trusted')).toBe('false');
    await report.getByText('Bộ ký dùng cho phát triển').waitFor();
    await report.getByText('Không phải chữ ký PAdES', { exact: true }).waitFor();
    expect(await report.locator('li').first().innerText()).toBe('Chữ ký số thứ 1: TOÀN VẸN NHƯNG CHƯA ĐƯỢC TIN CẬY.');
    expect(await report.locator('li').allInnerTexts()).toContain('Giá trị băm (message digest): khớp với nội dung được ký.');
    await shots(page, 'records-verify-report');

    const altered = readFileSync(pdfPath);
    altered[altered.length - 40]! ^= 0x01;
    await page.getByTestId('verify-file').setInputFiles({ name: 'bien-ban-da-sua.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await result.getByText('Tệp KHÔNG còn nguyên vẹn: xem tệp bị đánh dấu ✗.').waitFor();
    await result.getByText('✗ bien-ban-da-sua.pdf').waitFor();
    expect(await result.getByTestId('verify-embedded').innerText()).toMatch(/^Chữ ký số nhúng trong PDF không hợp lệ: /);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'records-signed.png');
    await shots(page, 'records-signed');

    const revisions = await (await fetch(`${server.url}/api/sittings/${s.sittingId}/minutes/revisions`, { headers: { cookie: await cookieFor(server.deps, s.cast.users.chair.id) } })).json() as { data: MinutesRevisionView[] };
    expect(revisions.data.map((r) => [r.kind, r.note])).toEqual([['generated', ''], ['edited', 'Bổ sung thư ký']]);
    expect(revisions.data[1]!.text).toContain('Thư ký phiên họp: **Lê Văn Thư**.');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a delegate reads the signed minutes without edit or sign controls', async () => {
    const { page, problems, context } = await openAs(s.cast.users.delegate.id, `/bien-ban/${s.sittingId}`);
    await page.getByTestId('minutes-status').filter({ hasText: 'Đã ký số bởi Lê Văn Thư' }).waitFor();
    const doc = page.getByTestId('minutes-rendered');
    expect(await doc.innerText()).toContain('Thư ký phiên họp: Lê Văn Thư.');
    await doc.getByRole('heading', { name: 'IV. Nội dung phiên họp' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Văn bản biên bản' }).count()).toBe(0);
    expect(await page.getByTestId('generate').count()).toBe(0);
    expect(await page.getByTestId('sign').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tải biên bản đã ký (PDF)' }).isVisible()).toBe(true);
    await shots(page, 'records-delegate');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

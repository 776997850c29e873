import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { MinutesRevisionView } from '../../contract/records.js';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { playScriptedSitting, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import { buildClient, launchChromium, overflowsHorizontally, screenshot, smallTouchTargets, watchProblems, openSignedIn } from './browser.js';

/**
 * Minutes end to end in Chromium: after a scripted sitting, the secretary reaches the minutes
 * from the session page, generates the draft, edits and saves it, signs it, downloads the
 * signed PDF and checks it in the page's verifier; a delegate then reads the signed minutes.
 */
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
    const text = page.getByTestId('minutes-text');
    for (const name of ['Phạm Quốc Bảo', 'Đặng Thị Hạnh', 'Nguyễn Thị Ánh Tuyết', 'Giám đốc Sở Tài chính']) expect(await text.inputValue()).toContain(name);

    await text.fill(`${await text.inputValue()}\n\nThư ký phiên họp: Lê Văn Thư.`);
    await page.getByLabel('Ghi chú lần sửa').fill('Bổ sung thư ký');
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);
    await page.getByTestId('save').click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 2, chưa ký.' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'records-draft.png');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('sign').click();
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

    const altered = readFileSync(pdfPath);
    altered[altered.length - 40]! ^= 0x01;
    await page.getByTestId('verify-file').setInputFiles({ name: 'bien-ban-da-sua.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await result.getByText('Tệp KHÔNG còn nguyên vẹn: xem tệp bị đánh dấu ✗.').waitFor();
    await result.getByText('✗ bien-ban-da-sua.pdf').waitFor();
    expect(await result.getByTestId('verify-embedded').innerText()).toMatch(/^Chữ ký số nhúng trong PDF không hợp lệ: /);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'records-signed.png');

    const revisions = await (await fetch(`${server.url}/api/sittings/${s.sittingId}/minutes/revisions`, { headers: { cookie: await cookieFor(server.deps, s.cast.users.chair.id) } })).json() as { data: MinutesRevisionView[] };
    expect(revisions.data.map((r) => [r.kind, r.note])).toEqual([['generated', ''], ['edited', 'Bổ sung thư ký']]);
    expect(revisions.data[1]!.text).toContain('Thư ký phiên họp: Lê Văn Thư.');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a delegate reads the signed minutes without edit or sign controls', async () => {
    const { page, problems, context } = await openAs(s.cast.users.delegate.id, `/bien-ban/${s.sittingId}`);
    await page.getByTestId('minutes-status').filter({ hasText: 'Đã ký số bởi Lê Văn Thư' }).waitFor();
    expect(await page.getByTestId('minutes-text').innerText()).toContain('Thư ký phiên họp: Lê Văn Thư.');
    expect(await page.getByTestId('generate').count()).toBe(0);
    expect(await page.getByTestId('sign').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tải biên bản đã ký (PDF)' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

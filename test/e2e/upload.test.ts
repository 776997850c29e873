import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { cookieFor } from '../helpers/sockets.js';
import { fixture } from '../helpers/documentFixtures.js';
import { buildClient, launchChromium, overflowsHorizontally, screenshot, watchProblems } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';
import { seedPdf } from './viewerHelpers.js';

type Fixture = Awaited<ReturnType<typeof buildSittingFixture>>;

/**
 * The secretariat's document manager in real Chromium against a real server: several PDFs
 * picked at once go up with their progress, a file that is not a PDF is refused beside it
 * in Vietnamese, a new version replaces a document, one is withdrawn with a reason, and a
 * delegate's dossier shows exactly what is left.
 */
describe('uploading and managing a session\'s documents in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let f: Fixture;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const signedIn = async (userId: string, viewport = { width: 1440, height: 900 }) => {
    const ctx = await browser.newContext({ viewport, hasTouch: true, serviceWorkers: 'block' });
    const cookie = await cookieFor(server.deps, userId);
    const eq = cookie.indexOf('=');
    await ctx.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url }]);
    return ctx;
  };
  const pdf = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });
  const manager = () => page.getByTestId('document-manager');
  const row = (fileName: string) => manager().locator(`[data-testid="upload-row"][data-file-name="${fileName}"]`);
  const managed = (title: string) => manager().locator(`[data-testid="managed-doc"][data-title="${title}"]`);
  const shots = async (name: string) => {
    for (const [w, h] of [[1024, 768], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      expect(await overflowsHorizontally(page), `${name} at ${w}x${h} scrolls sideways`).toBe(false);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, `upload-${name}-${w}x${h}.png`);
    }
  };

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    f = await buildSittingFixture(server.deps);
    browser = await launchChromium();
    context = await signedIn(f.secretary.id);
    page = await context.newPage();
    problems = watchProblems(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the secretariat picks three files at once: two PDFs go up with their progress, the .txt named .pdf is refused beside it in Vietnamese', async () => {
    await page.goto(`${server.url}/chuan-bi/${f.sessionId}`);
    await expect.poll(() => manager().getByRole('heading', { name: 'Tài liệu', exact: true }).isVisible()).toBe(true);
    // Defaults for the files about to be picked: the agenda item they belong to.
    await manager().getByLabel('Nội dung chương trình').selectOption({ label: `2. ${f.items.report.title}` });
    await manager().getByLabel('Chọn tệp PDF').setInputFiles([
      pdf('to-trinh-kinh-te.pdf', fixture('tap-tai-lieu-500-trang.pdf')),
      pdf('bao-cao-tham-tra.pdf', seedPdf('bao-cao-tham-tra.pdf')),
      pdf('ghi-chu.pdf', Buffer.from('Đây là một tệp văn bản, không phải PDF.\n')),
    ]);
    await expect.poll(() => manager().getByTestId('upload-row').count()).toBe(3);
    // Each row is titled from its file name; the secretary gives the first one its real title.
    await row('to-trinh-kinh-te.pdf').getByLabel('Tên tài liệu').fill('Tờ trình về tình hình kinh tế – xã hội');
    await row('bao-cao-tham-tra.pdf').getByLabel('Loại tài liệu').selectOption('review_report');
    await shots('ready');

    // Slow the upload down so the bars are seen moving, not only full.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await manager().getByRole('button', { name: 'Tải lên 3 tệp' }).click();
    const bar = row('to-trinh-kinh-te.pdf').getByTestId('upload-progress');
    await expect.poll(async () => Number(await bar.getAttribute('data-value')), { timeout: 15_000, interval: 50 }).toBeGreaterThan(0);
    const midway = Number(await bar.getAttribute('data-value'));
    expect(midway).toBeLessThan(100);
    await expect.poll(() => row('to-trinh-kinh-te.pdf').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    await expect.poll(() => row('bao-cao-tham-tra.pdf').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await bar.getAttribute('data-value')).toBe('100');
    expect(await row('bao-cao-tham-tra.pdf').getByTestId('upload-progress').getAttribute('data-value')).toBe('100');
    await expect.poll(() => row('ghi-chu.pdf').getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    const refusal = await row('ghi-chu.pdf').getByTestId('upload-error').innerText();
    expect(refusal).toMatch(/Tệp này không phải là PDF/);
    expect(refusal).not.toMatch(/This file is not a PDF/); // the Vietnamese part only, in Vietnamese
    await expect.poll(() => managed('Tờ trình về tình hình kinh tế – xã hội').isVisible()).toBe(true);
    expect(await managed('Tờ trình về tình hình kinh tế – xã hội').innerText()).toMatch(/Thuộc: 2\. Báo cáo tình hình kinh tế/);
    expect(await managed('bao cao tham tra').innerText()).toMatch(/Báo cáo thẩm tra/i);
    await shots('uploaded');
  }, 180_000);

  it('uploads a new version of a document: it replaces the old one in the list as version 2', async () => {
    await manager().getByRole('button', { name: 'Xóa các dòng đã xong' }).click();
    await manager().getByLabel('Tải phiên bản mới của “bao cao tham tra”').setInputFiles(pdf('bao-cao-tham-tra-v2.pdf', seedPdf('du-thao-nghi-quyet.pdf')));
    await expect.poll(() => row('bao-cao-tham-tra-v2.pdf').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await row('bao-cao-tham-tra-v2.pdf').innerText()).toMatch(/Phiên bản mới của “bao cao tham tra” \(thay bản 1\)/);
    await expect.poll(() => managed('bao cao tham tra').innerText()).toMatch(/Bản 2/);
    expect(await manager().getByTestId('managed-doc').count()).toBe(2);
  }, 90_000);

  it('edits a document\'s title, then withdraws the other with a reason after a confirmation', async () => {
    const doc = managed('bao cao tham tra');
    await doc.getByRole('button', { name: 'Sửa thông tin “bao cao tham tra”' }).click();
    await doc.getByLabel('Tên tài liệu').fill('Báo cáo thẩm tra của Ban Kinh tế – Ngân sách');
    // Named readers: the delegate under test, found by a search without diacritics.
    await doc.getByLabel('Mức truy cập').selectOption('named');
    await doc.getByLabel('Tìm đại biểu').fill('pham quoc');
    await doc.getByLabel(f.delegate.displayName).check();
    await shots('edit-readers');
    await doc.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => managed('Báo cáo thẩm tra của Ban Kinh tế – Ngân sách').isVisible()).toBe(true);
    expect(await managed('Báo cáo thẩm tra của Ban Kinh tế – Ngân sách').innerText()).toMatch(/Người được chỉ định/);

    const victim = managed('Tờ trình về tình hình kinh tế – xã hội');
    await victim.getByRole('button', { name: 'Rút tài liệu “Tờ trình về tình hình kinh tế – xã hội”' }).click();
    await victim.getByRole('button', { name: 'Rút tài liệu', exact: true }).click();
    expect(await victim.innerText()).toMatch(/Vui lòng nhập lý do/);
    await victim.getByLabel('Lý do rút tài liệu').fill('Tờ trình được thay bằng bản của UBND tỉnh');
    await victim.getByRole('button', { name: 'Rút tài liệu', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toMatch(/Rút tài liệu “Tờ trình về tình hình kinh tế – xã hội”\?/);
    await shots('withdraw-confirm');
    await dialog.getByRole('button', { name: 'Rút tài liệu' }).click();
    await expect.poll(() => victim.innerText()).toMatch(/Đã rút/);
    expect(await victim.innerText()).toMatch(/Lý do: Tờ trình được thay bằng bản của UBND tỉnh/);
    expect(await victim.getByRole('button', { name: /Rút tài liệu/ }).count()).toBe(0);
    await shots('withdrawn');
    expect(problems).toEqual([]);
  }, 90_000);

  it('a delegate\'s dossier lists the new version (named with them as reader) and not the withdrawn document, and offers no management', async () => {
    const ctx = await signedIn(f.delegate.id);
    const p = await ctx.newPage();
    const seen = watchProblems(p);
    await p.goto(`${server.url}/tai-lieu/${f.sessionId}`);
    await expect.poll(() => p.getByTestId('dossier-doc').count()).toBe(1);
    const text = await p.getByTestId('dossier-doc').innerText();
    expect(text).toMatch(/Báo cáo thẩm tra của Ban Kinh tế – Ngân sách/);
    expect(text).toMatch(/Bản 2/);
    expect(await p.getByText('Tờ trình về tình hình kinh tế – xã hội').count()).toBe(0);
    expect(await p.getByTestId('document-manager').count()).toBe(0);
    expect(seen).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('the secretariat\'s dossier page shows the dossier to read, and the same manager one switch away: one list at a time', async () => {
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}`);
    // The dossier to read (as the delegates see it) leaves the withdrawn document out.
    await expect.poll(() => page.getByTestId('dossier-doc').count()).toBe(1);
    expect(await page.getByTestId('document-manager').count()).toBe(0);
    await shots('dossier-page');
    await page.getByRole('button', { name: 'Quản lý tài liệu' }).click();
    await expect.poll(() => manager().getByRole('heading', { name: 'Quản lý tài liệu' }).isVisible()).toBe(true);
    await expect.poll(() => manager().getByTestId('managed-doc').count()).toBe(2);
    expect(await page.getByTestId('dossier-doc').count()).toBe(0);
    await shots('dossier-page-manage');
    await page.getByRole('button', { name: 'Đọc hồ sơ' }).click();
    await expect.poll(() => page.getByTestId('dossier-doc').count()).toBe(1);
  }, 60_000);
});

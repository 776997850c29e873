import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildClient, launchChromium, textOf, watchProblems } from './browser.js';
import { firstRun, shotsAt } from './fromEmptySteps.js';

/**
 * Quản trị → Chữ ký số in Chromium, from an empty system with no signing settings: the tab
 * says how the council's minutes are sealed and its check signs nothing. Screenshots at
 * 1024x768 and 1440x900 (admin-seal-*.png).
 */
describe('the administrator checks the council’s seal, from an empty system', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const layout: string[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    page = await context.newPage();
    problems = watchProblems(page);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the Chữ ký số tab says how the council’s minutes are sealed, and its check (signing nothing) warns that the development file has no legal value', async () => {
    await firstRun(page, server.url, { province: 'Tỉnh Quảng Trị', electedTotal: 61, term: 'Khóa IX (2026–2031)', admin: { name: 'Hoàng Văn Quản', login: 'quantri@quangtri.gov.vn', password: 'mat-khau-quan-tri' } });
    await page.getByRole('link', { name: /Quản trị hệ thống/ }).click();
    await page.getByRole('tab', { name: 'Chữ ký số', exact: true }).click();
    await page.getByRole('heading', { name: 'Chữ ký số của hội đồng', level: 2 }).waitFor();
    const setup = page.getByTestId('seal-setup');
    await expect.poll(() => setup.getAttribute('data-kind')).toBe('development');
    expect(await textOf(setup)).toContain('Tệp khóa thử nghiệm trên máy chủ (tự ký, chỉ dùng khi phát triển, không có giá trị pháp lý)');
    await page.getByRole('button', { name: 'Kiểm tra con dấu' }).click();
    const result = page.getByTestId('seal-result');
    await expect.poll(() => result.getAttribute('data-status')).toBe('warning');
    expect(await textOf(result)).toContain('Con dấu dùng được, có điều cần lưu ý');
    expect(await textOf(result)).toContain('Hãy cấu hình SIGNING_PKCS11_MODULE (token/HSM) hoặc SIGNING_CSC_URL');
    await shotsAt(page, 'admin', 'seal', layout);
    expect(layout).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});

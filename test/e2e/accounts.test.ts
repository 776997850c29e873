import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { join } from 'node:path';
import { buildClient, launchChromium, SCREENSHOT_DIR, watchProblems } from './browser.js';

/**
 * Accounts through the pages only, from an empty database (SEED_DEMO off): the first-run
 * page creates the administrator, who creates an account and resets its password in the
 * accounts panel; the user sets a password with the one-time code and is signed in.
 * Screenshots of each screen at 1024x768 and 1440x900 go to /tmp/shots/accounts.
 */
const SHOTS = join(SCREENSHOT_DIR, 'accounts');

describe('accounts in Chromium, from an empty system', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  /** The page at both sizes, then back to the larger one. */
  async function shots(page: Page, name: string) {
    for (const [w, h] of [[1024, 768], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png`, fullPage: true });
    }
  }

  it('first run → administrator → create an account → reset its password → the user sets a password and signs in', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(server.url + '/');

    // The first visit to an empty system: the first-run page, not the sign-in page.
    await page.getByRole('heading', { name: 'Khởi tạo hệ thống' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/khoi-tao');
    await shots(page, 'first-run');
    await page.getByLabel('Tên tỉnh / thành phố').fill('Tỉnh Quảng Trị');
    expect(await page.getByLabel('Tên Hội đồng nhân dân').inputValue()).toBe('Hội đồng nhân dân tỉnh Quảng Trị');
    await page.getByLabel('Tổng số đại biểu được bầu (N)').fill('61');
    await page.getByLabel('Khóa / nhiệm kỳ').fill('Khóa IX (2026–2031)');
    await page.getByLabel('Họ và tên').fill('Hoàng Văn Quản');
    await page.getByLabel('Tên đăng nhập (email hoặc số điện thoại)').fill('quantri@quangtri.gov.vn');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('ngan');
    await page.getByRole('button', { name: 'Khởi tạo và đăng nhập' }).click();
    await page.getByText('Mật khẩu cần ít nhất 8 ký tự.').waitFor();
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-quan-tri');
    await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-quan-tri');
    await page.getByRole('button', { name: 'Khởi tạo và đăng nhập' }).click();
    await page.getByRole('heading', { name: /Hoàng Văn Quản/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // The accounts panel of /quan-tri: create an account with a role.
    await page.goto(server.url + '/quan-tri#tai-khoan');
    await page.getByRole('heading', { name: 'Tài khoản', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).first().click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tạo tài khoản' }) });
    await form.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
    await form.getByLabel('Tên đăng nhập').fill('lan@quangtri.gov.vn');
    await form.getByLabel('Điện thoại').fill('0912 345 678');
    await form.getByLabel('Hội đồng (vai trò ban đầu)').selectOption({ label: 'Hội đồng nhân dân tỉnh Quảng Trị' });
    await form.getByLabel('Vai trò', { exact: true }).selectOption('delegate');
    await shots(page, 'accounts-create');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const first = (await page.getByTestId('one-time-code-value').innerText()).trim();
    expect(first).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await page.getByTestId('one-time-code').innerText()).toContain('chỉ hiện một lần');
    // The card repeats the role given, so a wrong one is seen before the code is handed over.
    expect(await page.getByTestId('one-time-code-roles').innerText()).toBe('Đại biểu · Hội đồng nhân dân tỉnh Quảng Trị');
    await shots(page, 'accounts-code');
    await page.getByRole('button', { name: 'Tôi đã ghi lại mã' }).click();
    const row = page.getByTestId('account-row').filter({ hasText: 'lan@quangtri.gov.vn' });
    expect(await row.innerText()).toContain('Chưa đặt mật khẩu');
    expect(await row.innerText()).toContain('Đại biểu');

    // Reset: asks first, then shows a new code once; the first code stops working.
    await row.getByRole('button', { name: 'Cấp lại mật khẩu Nguyễn Thị Lan' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cấp lại mật khẩu' }).click();
    await expect.poll(async () => (await page.getByTestId('one-time-code-value').innerText()).trim()).not.toBe(first);
    const code = (await page.getByTestId('one-time-code-value').innerText()).trim();
    await shots(page, 'accounts-list');

    // Edit in the dialog.
    await row.getByRole('button', { name: 'Sửa Nguyễn Thị Lan' }).click();
    const dialog = page.getByRole('dialog', { name: /Sửa tài khoản/ });
    await dialog.getByLabel('Email').fill('lan.nguyen@quangtri.gov.vn');
    await shots(page, 'accounts-edit');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(async () => row.innerText()).toContain('lan.nguyen@quangtri.gov.vn');

    // The user, on another device: the password page from the sign-in page's link.
    const other = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const tablet = await other.newPage();
    await tablet.goto(server.url + '/');
    await tablet.getByRole('link', { name: /Đặt mật khẩu/ }).click();
    await tablet.getByRole('heading', { name: 'Đặt mật khẩu' }).waitFor();
    await tablet.getByLabel('Tên đăng nhập').fill('lan@quangtri.gov.vn');
    await tablet.getByLabel('Mã dùng một lần').fill(first);
    await tablet.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-cua-lan');
    await tablet.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-cua-lan');
    await tablet.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await tablet.getByText(/đã được dùng hoặc đã hết hạn/).waitFor();
    await shots(tablet, 'set-password-refused');
    await tablet.getByLabel('Mã dùng một lần').fill(code.toLowerCase());
    await tablet.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-cua-lan');
    await tablet.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await tablet.getByRole('heading', { name: /Nguyễn Thị Lan/ }).waitFor();

    // Back in the panel: the account is active; disabling asks, then signs her out.
    await page.reload();
    await page.getByRole('heading', { name: 'Tài khoản', level: 2 }).waitFor();
    const row2 = page.getByTestId('account-row').filter({ hasText: 'lan@quangtri.gov.vn' });
    await expect.poll(async () => row2.innerText()).toContain('Đang hoạt động');
    await row2.getByRole('button', { name: 'Khóa Nguyễn Thị Lan' }).click();
    await shots(page, 'accounts-disable-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Khóa' }).click();
    await expect.poll(async () => row2.innerText()).toContain('Đã khóa');
    await tablet.getByRole('heading', { name: /^(Đăng nhập|Sign in)$/ }).waitFor({ timeout: 10_000 });
    // She is told why, not that she signed out.
    await tablet.getByText('Tài khoản của bạn đã bị quản trị viên khóa nên phiên đăng nhập đã kết thúc.', { exact: false }).waitFor();
    await shots(tablet, 'account-disabled-notice');

    expect(problems).toEqual([]);
    await other.close();
    await context.close();
  }, 120_000);
});

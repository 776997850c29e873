import type { Browser, Locator, Page } from 'playwright-core';
import { overflowsHorizontally, shotFromTop, smallTouchTargets, watchProblems, type Opened } from './browser.js';

/**
 * Steps of a council set up from an empty system through its pages (the first-run page, the
 * administrator's accounts, a password set with a one-time code) and the two-size screenshots
 * with their layout checks, shared by the Chromium tests that start from nothing.
 */

export const SIZES = [[1024, 768], [1440, 900]] as const;

/**
 * The page photographed from the top at 1024×768 and 1440×900 (`<prefix>-<name>-<w>x<h>.png`),
 * each size checked for sideways scrolling and touch targets under 44 px (what is wrong is
 * pushed to `layout`); the viewport is put back as it was.
 */
export async function shotsAt(page: Page, prefix: string, name: string, layout: string[]): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    if (await overflowsHorizontally(page)) layout.push(`${name} ${w}x${h}: scrolls sideways`);
    for (const small of await smallTouchTargets(page)) layout.push(`${name} ${w}x${h}: small target ${small}`);
    await shotFromTop(page, `${prefix}-${name}-${w}x${h}.png`);
  }
  if (before) await page.setViewportSize(before);
}

export interface FirstRun {
  province: string;
  electedTotal: number;
  term: string;
  admin: { name: string; login: string; password: string };
}

/**
 * The first-run page of an empty system: the province, its council with N and term, the first
 * administrator, signed in; `filled` runs on the filled form before it is sent (a screenshot).
 */
export async function firstRun(page: Page, url: string, f: FirstRun, filled?: () => Promise<void>): Promise<void> {
  await page.goto(url + '/');
  await page.getByRole('heading', { name: 'Khởi tạo hệ thống' }).waitFor();
  await page.getByLabel('Tên tỉnh / thành phố').fill(f.province);
  await page.getByLabel('Tổng số đại biểu được bầu (N)').fill(String(f.electedTotal));
  await page.getByLabel('Khóa / nhiệm kỳ').fill(f.term);
  await page.getByLabel('Họ và tên').fill(f.admin.name);
  await page.getByLabel('Tên đăng nhập (email hoặc số điện thoại)').fill(f.admin.login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(f.admin.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(f.admin.password);
  await filled?.();
  await page.getByRole('button', { name: 'Khởi tạo và đăng nhập' }).click();
  await page.getByRole('heading', { name: new RegExp(f.admin.name) }).waitFor();
}

/** The one-time code shown once in the accounts panel, noted and its panel closed. */
export async function takeCode(page: Page): Promise<string> {
  const code = (await page.getByTestId('one-time-code-value').innerText()).trim();
  await page.getByRole('button', { name: 'Tôi đã ghi lại mã' }).click();
  return code;
}

/** In the Tài khoản tab: a new one-time code for an existing account (after the confirmation). */
export async function resetCode(page: Page, row: Locator, name: string): Promise<string> {
  await row.getByRole('button', { name: `Cấp lại mật khẩu ${name}` }).click();
  await page.getByRole('dialog', { name: `Cấp mã đặt lại mật khẩu cho ${name}?` }).getByRole('button', { name: 'Cấp lại mật khẩu' }).click();
  await page.getByTestId('one-time-code-value').waitFor();
  return takeCode(page);
}

/**
 * A person on their own device: the password page reached from the sign-in page's link, a
 * password set with the code the administrator gave, signed in on their home page; `filled`
 * runs on the filled form before it is sent (a screenshot).
 */
export async function setPasswordWithCode(browser: Browser, url: string, who: { login: string; name: string; code: string; password: string }, opts: Parameters<Browser['newContext']>[0] = {}, filled?: (page: Page) => Promise<void>): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'vi-VN', ...opts });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(url + '/');
  await page.getByRole('link', { name: /Đặt mật khẩu/ }).click();
  await page.getByRole('heading', { name: 'Đặt mật khẩu' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(who.login);
  await page.getByLabel('Mã dùng một lần').fill(who.code);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(who.password);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(who.password);
  await filled?.(page);
  await page.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
  await page.getByRole('heading', { name: new RegExp(who.name) }).waitFor();
  return { context, page, problems };
}

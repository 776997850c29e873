import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { TEST_PASSWORD } from '../helpers/factories.js';
import { tinyPdf, uploadPdf } from '../helpers/documentFixtures.js';
import { buildClient, launchChromium, overflowsHorizontally, screenshot, smallTouchTargets, watchProblems } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';
import { endLogin } from '../../server/src/auth/logins.js';

type Fixture = Awaited<ReturnType<typeof buildSittingFixture>>;

/**
 * Work in progress survives a sign-in that runs out: the page stays under a re-sign-in
 * dialog with what was typed, the save that met the expiry goes through after signing in
 * again, and a typed draft survives a reload (until it is saved).
 */
describe('an expired sign-in in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let f: Fixture;
  let documentId: string;

  beforeAll(async () => {
    distDir = await buildClient();
    // The shortest idle timeout the settings take; the test makes the minute pass by
    // moving the sign-in's last activity back rather than waiting it out.
    server = await startTestServer({ env: { CLIENT_DIST: distDir, SESSION_IDLE_MINUTES: '1' } });
    f = await buildSittingFixture(server.deps);
    const clerk = new TestClient(server.url);
    await clerk.signIn(f.secretary.login, TEST_PASSWORD);
    const res = await uploadPdf(clerk, f.sessionId, tinyPdf(2, 'resignin'), { title: 'Dự thảo Nghị quyết về chuyển đổi số', kind: 'draft_resolution', access: 'council' });
    if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.json)}`);
    documentId = res.json.data.document.id as string;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  /** A fresh tab signed in through the sign-in page, at the document in the viewer. */
  async function openViewer(viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${documentId}`);
    await page.getByLabel('Email hoặc số điện thoại').fill(f.delegate.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('tab-notes').waitFor();
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    // The page's own start-up requests are done: the expiry the test sets is met by the
    // user's action, not by a late start-up request.
    await page.waitForLoadState('networkidle');
    return { context, page, problems };
  }

  /** The idle timeout passes: the user's sign-ins were last used two minutes ago. */
  const idleTooLong = () => server.deps.models.LoginSession.updateMany({ userId: f.delegate.id, endedAt: null }, { $set: { lastSeenAt: new Date(Date.now() - 2 * 60_000) } });
  const notesOnServer = async () => (await server.deps.models.Note.find({ userId: f.delegate.id }).lean<Array<{ text: string }>>()).map((n) => n.text);
  const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Phiên đăng nhập đã hết hạn — đăng nhập lại để tiếp tục' });
  /**
   * The sign-in runs out and the user presses "Thêm ghi chú": the press is what meets the
   * expiry, and the dialog comes up. On a busy machine a background request (a late reload)
   * can find the sign-in gone before the press; the dialog is then already up, the press
   * never went out, so the user signs in again and the whole step is tried once more.
   */
  async function addNoteMeetsExpiry(page: Page) {
    const dialog = dialogOf(page);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await idleTooLong();
      const pressed = await page.getByRole('button', { name: 'Thêm ghi chú' }).click({ timeout: 3_000 }).then(() => true, () => false);
      await dialog.waitFor({ timeout: 10_000 });
      if (pressed) return dialog;
      await dialog.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
      await dialog.getByRole('button', { name: 'Đăng nhập lại' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    }
    throw new Error('every press of "Thêm ghi chú" found the re-sign-in dialog already up');
  }

  it('keeps the typed note under the dialog and saves it after signing in again', async () => {
    const { context, page, problems } = await openViewer();
    const text = 'Đề nghị bổ sung lộ trình số hóa hồ sơ cấp xã trong năm 2027.';
    await page.getByTestId('tab-notes').click();
    await page.getByLabel('Ghi chú cho trang 1').fill(text);

    const dialog = await addNoteMeetsExpiry(page);
    expect(await dialog.innerText()).toContain('Những gì bạn đang làm trên trang này vẫn được giữ nguyên.');
    // The page is still mounted underneath, with the text as typed; nothing was saved yet.
    expect(await page.getByLabel('Ghi chú cho trang 1').inputValue()).toBe(text);
    expect(await notesOnServer()).toEqual([]);
    const login = dialog.getByLabel('Email hoặc số điện thoại');
    expect(await login.inputValue()).toBe(f.delegate.login);
    expect(await login.getAttribute('readonly')).not.toBeNull();
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'resignin-1440.png');
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'resignin-1024.png');

    // A wrong password is refused in the dialog, which stays.
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
    await dialog.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await dialog.getByText('Email/số điện thoại hoặc mật khẩu không đúng.').waitFor();
    await screenshot(page, 'resignin-error-1024.png');

    await dialog.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The "Thêm ghi chú" that met the expiry went through once signed in again.
    await page.getByTestId('note').filter({ hasText: text }).waitFor();
    expect(await notesOnServer()).toEqual([text]);
    expect(await page.getByLabel('Ghi chú cho trang 1').inputValue()).toBe('');
    // The socket connected again with the new sign-in.
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('when the server announces the idle timeout, the note typed stays and is saved after signing in again', async () => {
    const { context, page, problems } = await openViewer({ width: 1024, height: 768 });
    const text = 'Cần thống nhất số liệu với báo cáo của Sở Tài chính.';
    await page.getByTestId('tab-notes').click();
    await page.getByLabel('Ghi chú cho trang 1').fill(text);
    // The server ends the sign-in for inactivity and tells its sockets, as a refused command does.
    const login = await server.deps.models.LoginSession.findOne({ userId: f.delegate.id, endedAt: null }).sort({ createdAt: -1 }).lean<{ _id: unknown }>();
    await endLogin(server.deps, String(login!._id), 'idle_timeout');
    server.deps.realtime!.endLogin(String(login!._id), 'idle_timeout');
    const dialog = dialogOf(page);
    await dialog.getByText('Bạn đã không thao tác trong một thời gian nên phiên đăng nhập đã kết thúc.').waitFor();
    expect(await page.getByLabel('Ghi chú cho trang 1').inputValue()).toBe(text);
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await page.getByTestId('note').filter({ hasText: text }).waitFor();
    expect(await notesOnServer()).toContain(text);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a check-in sent on the tablet as the sign-in ran out is applied once, after signing in again, without a second tap', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/phien-hop/${f.sittingId}`);
    await page.getByLabel('Email hoặc số điện thoại').fill(f.delegate.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Tôi có mặt' }).waitFor();
    await page.waitForLoadState('networkidle');
    const attendanceOf = async () => ((await server.deps.models.Sitting.findById(f.sittingId).lean<{ attendance: Array<{ userId: string; status: string }> }>())!.attendance)
      .filter((a) => String(a.userId) === f.delegate.id).map((a) => a.status);
    expect(await attendanceOf()).toEqual([]);

    // The sign-in times out on the server without its sockets being told yet: the next
    // command meets the expiry (a socket command is checked against the process's record).
    const login = await server.deps.models.LoginSession.findOne({ userId: f.delegate.id, endedAt: null }).sort({ createdAt: -1 }).lean<{ _id: unknown }>();
    await endLogin(server.deps, String(login!._id), 'idle_timeout');
    await page.getByRole('button', { name: 'Tôi có mặt' }).click();
    const dialog = dialogOf(page);
    await dialog.waitFor();
    // Refused, not applied: nothing recorded while the dialog is open.
    expect(await attendanceOf()).toEqual([]);
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('checkin').getByText(/Có mặt tại hội trường · lúc \d\d:\d\d/).waitFor({ timeout: 20_000 });
    expect(await attendanceOf()).toEqual(['hall']);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('an agenda item being added opens again with what was typed after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/chuan-bi/${f.sessionId}`);
    await page.getByLabel('Email hoặc số điện thoại').fill(f.secretary.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const editor = page.getByTestId('agenda-editor');
    await editor.getByRole('button', { name: 'Thêm nội dung' }).click();
    await editor.getByLabel('Tên nội dung').fill('Tờ trình về phân bổ vốn đầu tư công');
    await page.reload();
    const title = page.getByTestId('agenda-editor').getByLabel('Tên nội dung');
    await title.waitFor();
    expect(await title.inputValue()).toBe('Tờ trình về phân bổ vốn đầu tư công');
    await page.getByTestId('agenda-editor').getByRole('button', { name: 'Thêm vào chương trình' }).click();
    await title.waitFor({ state: 'detached' });
    expect(await server.deps.models.AgendaItem.countDocuments({ sessionId: f.sessionId, title: 'Tờ trình về phân bổ vốn đầu tư công' })).toBe(1);
    await page.reload();
    await page.getByTestId('agenda-editor').getByText('Tờ trình về phân bổ vốn đầu tư công').waitFor();
    expect(await page.getByTestId('agenda-editor').getByLabel('Tên nội dung').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps a typed comment across a reload until it is sent', async () => {
    const { context, page, problems } = await openViewer({ width: 1024, height: 768 });
    const text = 'Điều 3 nên ghi rõ cơ quan chủ trì thực hiện.';
    await page.getByTestId('tab-comment').click();
    await page.getByLabel('Nội dung góp ý cho trang 1').fill(text);
    await page.reload();
    await page.getByTestId('tab-comment').click();
    expect(await page.getByLabel('Nội dung góp ý cho trang 1').inputValue()).toBe(text);

    await page.getByRole('button', { name: 'Góp ý trang này' }).click();
    await page.getByText('Đã gửi góp ý cho trang 1.').waitFor();
    await page.reload();
    await page.getByTestId('tab-comment').click();
    await page.getByTestId('sent-comment').filter({ hasText: text }).waitFor();
    expect(await page.getByLabel('Nội dung góp ý cho trang 1').inputValue()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('another account starts afresh at the home page, and the previous user\'s drafts are gone', async () => {
    const { context, page, problems } = await openViewer({ width: 1024, height: 768 });
    await page.getByTestId('tab-notes').click();
    await page.getByLabel('Ghi chú cho trang 1').fill('Ghi chú riêng chưa lưu');
    const dialog = await addNoteMeetsExpiry(page);
    await dialog.getByRole('button', { name: 'Dùng tài khoản khác' }).click();
    await page.getByRole('dialog', { name: 'Đăng nhập bằng tài khoản khác?' }).getByRole('button', { name: 'Bỏ nội dung và đổi tài khoản' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.evaluate('Object.keys(sessionStorage).filter((k) => k.startsWith("hdnd.draft."))')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

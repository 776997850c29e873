import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { buildCast, buildCouncil, buildMembership, TEST_PASSWORD } from '../helpers/factories.js';
import { clientBuildPerFile, ENGINES, launchBrowser, overflowsHorizontally, screenshot, smallTouchTargets, watchProblems } from './browser.js';

const client = clientBuildPerFile();

/**
 * The client shell in a real Chromium and a real Firefox against a real server: sign-in, the
 * role-aware home, the live-connection indicator, the language switch and sign-out.
 */
describe.each(ENGINES)('client shell in %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  let chair: { login: string; id: string };
  const councilName = 'HĐND tỉnh Ninh Bình';
  const sessionTitle = 'Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV';

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIST: await client(), SIGNIN_MAX_FAILURES: '3' } });
    const { models } = server.deps;
    const cast = await buildCast(server.deps);
    chair = cast.users.chair;
    await models.Council.updateOne({ _id: cast.council._id }, { name: councilName });
    await models.Unit.updateOne({ _id: cast.council.unitId }, { name: 'Tỉnh Ninh Bình' });
    await models.User.updateOne({ login: chair.login }, { displayName: 'Trần Thị Minh Hoa' });
    const commune = await buildCouncil(server.deps);
    await models.Council.updateOne({ _id: commune._id }, { name: 'HĐND xã Gia Viễn' });
    await models.Unit.updateOne({ _id: commune.unitId }, { name: 'Xã Gia Viễn' });
    await buildMembership(server.deps, new Types.ObjectId(chair.id), commune._id, 'delegate');
    const session = await models.CouncilSession.create({
      councilId: cast.council._id,
      title: sessionTitle,
      kind: 'regular',
      status: 'published',
      startsAt: new Date('2026-07-14T01:00:00Z'),
      endsAt: new Date('2026-07-17T10:00:00Z'),
      venue: 'Hội trường Trung tâm Hội nghị tỉnh',
    });
    await models.AgendaItem.create([
      { sessionId: session._id, order: 1, title: 'Khai mạc kỳ họp', kind: 'report' },
      { sessionId: session._id, order: 2, title: 'Thảo luận tại hội trường', kind: 'plenary' },
    ]);
    browser = await launchBrowser(engine);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openApp(opts: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...opts });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: /^(Đăng nhập|Sign in)$/ }).waitFor();
    return { context, page, problems };
  }

  async function signIn(page: Page, login: string, password: string) {
    await page.getByLabel('Email hoặc số điện thoại').fill(login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  it('shows the Vietnamese sign-in page and refuses a wrong password', async () => {
    const { context, page, problems } = await openApp();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('header').innerText()).toContain('HĐND số');
    await screenshot(page, 'signin.png');
    expect(await smallTouchTargets(page)).toEqual([]);

    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await page.getByText('Vui lòng nhập email hoặc số điện thoại.').isVisible()).toBe(true);

    await signIn(page, chair.login, 'sai-mat-khau');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Email/số điện thoại hoặc mật khẩu không đúng.');
    expect(await page.getByLabel('Mật khẩu', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'signin-error.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells a throttled user when to try again', async () => {
    const { context, page } = await openApp({ extraHTTPHeaders: { 'x-forwarded-for': '10.200.0.1' } });
    for (let i = 0; i < 4; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in'));
      await signIn(page, 'khong-ton-tai@example.vn', 'sai-mat-khau');
      expect((await answered).status()).toBe(i < 3 ? 401 : 429);
      await page.locator('button[type="submit"]:not([disabled])').waitFor();
    }
    expect(await page.getByRole('alert').innerText()).toMatch(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./);
    await screenshot(page, 'signin-throttled.png');
    await context.close();
  });

  it('signs in to a role-aware home that stays connected, in Vietnamese and English', async () => {
    const { context, page, problems } = await openApp();
    await signIn(page, chair.login, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Xin chào, Trần Thị Minh Hoa' }).waitFor();

    const councils = page.locator('section', { has: page.getByRole('heading', { name: 'Hội đồng của tôi' }) });
    const councilText = await councils.innerText();
    expect(councilText).toContain(councilName);
    expect(councilText).toContain('Tỉnh Ninh Bình');
    expect(councilText).toContain('Chủ tọa');
    expect(councilText).toContain('HĐND xã Gia Viễn');
    expect(councilText).toContain('Đại biểu');

    const sessions = page.locator('section', { has: page.getByRole('heading', { name: 'Kỳ họp của tôi' }) });
    await sessions.getByText(sessionTitle).waitFor();
    const sessionText = await sessions.innerText();
    expect(sessionText).toContain('Đã công bố');
    expect(sessionText).toContain('Thứ Ba, 14 tháng 7');
    expect(sessionText).toContain('08:00');
    expect(sessionText).toMatch(/2\s*Nội dung chương trình/);
    expect(sessionText).toMatch(/0\s*Tài liệu/);

    const indicator = page.locator('header [role="status"]');
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    expect(await indicator.innerText()).toContain('Đã kết nối');
    expect(await indicator.getAttribute('aria-live')).toBe('polite');
    expect(await page.getByRole('link', { name: /Điều hành phiên họp/ }).isVisible()).toBe(true);
    await screenshot(page, 'home-vi.png');
    expect(await smallTouchTargets(page)).toEqual([]);

    // The chair's shortcut asks for a session first: it lists the sessions the user chairs.
    await page.getByRole('link', { name: /Điều hành phiên họp/ }).click();
    await page.getByRole('heading', { name: 'Điều hành phiên họp' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dieu-hanh');
    await page.getByRole('link', { name: `Xem kỳ họp: ${sessionTitle}` }).waitFor();
    await page.goBack();
    // The documents shortcut lists the sessions, each leading to its dossier.
    await page.getByRole('link', { name: /Tài liệu kỳ họp/ }).click();
    await page.getByRole('heading', { name: 'Tài liệu kỳ họp' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tai-lieu');
    await page.getByRole('link', { name: `Xem hồ sơ tài liệu: ${sessionTitle}` }).waitFor();
    // The observers' page, by its address, tells a member who is nobody's guest so.
    await page.goto(`${server.url}/theo-doi`);
    await page.getByText('Bạn chưa là khách mời', { exact: false }).first().waitFor();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Xin chào, Trần Thị Minh Hoa' }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Welcome, Trần Thị Minh Hoa' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The session list may still be loading right after the switch: wait for its badge.
    await page.getByText('Published', { exact: true }).first().waitFor();
    const english = await page.locator('main').innerText();
    for (const text of ['My councils', 'My sessions', 'Chair', 'Delegate', 'Published', 'Run the sitting', 'Agenda items']) expect(english).toContain(text);
    expect(await indicator.innerText()).toContain('Connected');
    await screenshot(page, 'home-en.png');

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Trần Thị Minh Hoa' }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Xin chào, Trần Thị Minh Hoa' }).waitFor();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Bạn đã đăng xuất.');
    expect(await page.locator('header').innerText()).not.toContain('Đã kết nối');
    const me = await page.request.get(server.url + '/api/auth/me');
    expect(me.status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits tablet and phone screens with large touch targets', async () => {
    const sizes = [
      { name: 'tablet', viewport: { width: 1280, height: 800 }, hasTouch: true },
      { name: 'tablet-portrait', viewport: { width: 800, height: 1280 }, hasTouch: true },
      { name: 'phone', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
    ];
    for (const { name, ...opts } of sizes) {
      const { context, page, problems } = await openApp(opts);
      expect(await overflowsHorizontally(page), `${name} sign-in overflows`).toBe(false);
      expect(await smallTouchTargets(page), `${name} sign-in`).toEqual([]);
      if (name === 'phone') await screenshot(page, 'signin-phone.png');
      await signIn(page, chair.login, TEST_PASSWORD);
      await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
      await page.getByText(sessionTitle).waitFor();
      expect(await overflowsHorizontally(page), `${name} home overflows`).toBe(false);
      expect(await smallTouchTargets(page), `${name} home`).toEqual([]);
      await screenshot(page, `home-${name}.png`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('shows a lost connection, then returns to sign-in when the session is ended elsewhere', async () => {
    const { context, page } = await openApp();
    await signIn(page, chair.login, TEST_PASSWORD);
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 15_000 });
    await context.setOffline(true);
    await page.locator('header [data-state="lost"]').waitFor();
    expect(await page.locator('header [role="status"]').innerText()).toContain('Mất kết nối');
    await screenshot(page, 'home-offline.png');
    await context.setOffline(false);
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 20_000 });

    // The server closes the socket without a reason: the client checks its sign-in and reconnects.
    const reconnected = new Promise((resolve) => server.io.once('connection', resolve));
    server.io.disconnectSockets(true);
    await reconnected;
    await page.locator('header [data-state="connected"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('header [role="status"]').innerText()).toContain('Đã kết nối');
    const cookie = (await context.cookies()).find((c) => c.name === 'hdnd_session');
    expect(cookie).toBeDefined();
    const other = new TestClient(server.url);
    other.cookie = `hdnd_session=${cookie!.value}`;
    expect((await other.post('/api/auth/sign-out')).status).toBe(200);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Phiên đăng nhập này đã được đăng xuất');
    await screenshot(page, 'signin-ended.png');
    await context.close();
  });

  it('says so, with a reload button, when the app\'s own script does not arrive, and loads after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    let drop = true;
    await page.route(/\/assets\/app-[^/]+\.js$/, (route) => (drop ? route.abort('connectionreset') : route.continue()));
    await page.goto(server.url + '/');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Không tải được ứng dụng — kiểm tra kết nối mạng rồi tải lại trang.');
    await screenshot(page, 'app-not-loaded.png');
    drop = false;
    await page.getByRole('button', { name: 'Tải lại / Reload' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await context.close();
  });
});

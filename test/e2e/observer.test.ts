import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { commander } from '../helpers/recordsFixtures.js';
import { buildCommentFixture, type CommentFixture } from '../helpers/commentFixtures.js';
import { TEST_PASSWORD, buildCouncil, buildMembership, buildUser } from '../helpers/factories.js';
import { buildClient, launchChromium, openSignedIn, overflowsHorizontally, shotFromTop, smallTouchTargets, textOf, watchProblems } from './browser.js';

/**
 * The observer's view (/theo-doi) end to end in Chromium, on a real server and database: a
 * council's guest (role observer) signs in, takes the home page's "Theo dõi phiên họp" tile,
 * follows the council's open public sitting live while the chair moves to the next item, sees
 * the upcoming and held sittings, and the document the council granted them by name — never a
 * council-only one, one named for someone else, or anything of a closed-doors sitting — and
 * reads it in the document viewer. A guest of a council with nothing published is told so.
 * Screenshots at phone, tablet and desktop sizes.
 */
const SIZES = [[390, 844], [820, 1180], [1440, 900]] as const;

async function buildObserverWorld(server: TestServer) {
  const f = await buildCommentFixture(server);
  const { models } = server.deps;
  const { sessionId } = f;
  const councilId = f.cast.council._id;
  const [item1, item2] = await models.AgendaItem.create([
    { sessionId, order: 1, title: 'Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm', kind: 'report' },
    { sessionId, order: 2, title: 'Thảo luận về dự toán ngân sách địa phương năm 2027', kind: 'plenary' },
  ]);
  const items = [String(item1!._id), String(item2!._id)];
  const sitting = (over: Record<string, unknown>) => models.Sitting.create({ sessionId, councilId, ...over });
  const open = await sitting({ title: 'Phiên khai mạc', status: 'open', agendaItemIds: items, currentItemId: items[0], date: '2026-07-14', startTime: '08:00', venue: 'Hội trường HĐND tỉnh' });
  const upcoming = await sitting({ title: 'Phiên thảo luận tại hội trường', status: 'published', agendaItemIds: [items[1]], date: '2026-07-15', startTime: '14:00', venue: 'Hội trường HĐND tỉnh' });
  const held = await sitting({ title: 'Phiên trù bị', status: 'closed', date: '2026-07-13', startTime: '14:00', venue: 'Phòng họp số 1' });
  const closedDoors = await sitting({ title: 'SECRET_closed_doors_sitting', status: 'published', closedDoors: true, date: '2026-07-16', startTime: '08:00' });
  const observerId = f.cast.users.observer.id;
  const docs = {
    granted: await f.addDoc({ title: 'Chương trình kỳ họp gửi khách mời', kind: 'other', access: 'named', allowedUserIds: [observerId] }),
    councilOnly: await f.addDoc({ title: 'SECRET_council_only_draft', access: 'council' }),
    namedOther: await f.addDoc({ title: 'SECRET_named_for_a_delegate', access: 'named', allowedUserIds: [f.cast.users.delegate.id] }),
    public: await f.addDoc({ title: 'Báo cáo công khai của kỳ họp', kind: 'review_report', access: 'public' }),
  };
  return { f, items, docs, observerId, sittings: { open: String(open._id), upcoming: String(upcoming._id), held: String(held._id), closedDoors: String(closedDoors._id) } };
}

describe('observer view /theo-doi in Chromium (a signed-in guest)', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let w: Awaited<ReturnType<typeof buildObserverWorld>>;
  let f: CommentFixture;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    w = await buildObserverWorld(server);
    f = w.f;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const granted = (page: Page) => page.getByTestId('observer-documents');

  it('a guest signs in, the home page\'s "Theo dõi phiên họp" tile leads to /theo-doi, and the open sitting\'s live panel follows the chair', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(server.url + '/');
    await page.getByLabel('Email hoặc số điện thoại').fill(f.cast.users.observer.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xin chào, Hồ Thị Khách' }).waitFor();
    await page.getByRole('link', { name: /Theo dõi phiên họp/ }).click();
    await page.waitForURL('**/theo-doi');
    await page.getByRole('heading', { level: 1, name: 'Theo dõi phiên họp' }).waitFor();
    expect(await textOf(page.getByTestId('observer-councils'))).toBe('Khách mời của: HĐND tỉnh Ninh Bình');

    const live = page.locator(`[data-testid="observer-live"][data-sitting-id="${w.sittings.open}"]`);
    const panel = live.getByTestId('live-panel');
    await panel.waitFor();
    await live.getByRole('heading', { level: 2, name: 'Phiên khai mạc', exact: true }).waitFor();
    expect((await live.locator('.context').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Đang diễn ra Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV');
    expect(await textOf(panel.getByTestId('live-current'))).toContain('Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm');
    await panel.getByText('Tự động cập nhật').waitFor();

    // The chair moves to the next item through the sitting's own socket command.
    const chair = await commander(server, f.cast.users.chair.id, sockets);
    await chair('sitting:join', { sittingId: w.sittings.open });
    await chair('agenda:setCurrent', { sittingId: w.sittings.open, commandId: randomUUID(), agendaItemId: w.items[1] });
    await panel.getByTestId('live-current').filter({ hasText: 'Thảo luận về dự toán ngân sách địa phương năm 2027' }).waitFor({ timeout: 5000 });

    // The other sittings, grouped: the upcoming one and the held one; the open one only above.
    const upcoming = page.getByTestId('sittings-published');
    expect(await textOf(upcoming)).toContain('Sắp họp (1)');
    expect(await upcoming.locator(`a[data-sitting-id="${w.sittings.upcoming}"]`).count()).toBe(1);
    const held = page.getByTestId('sittings-closed');
    expect(await textOf(held)).toContain('Đã họp (1)');
    expect(await held.locator(`a[data-sitting-id="${w.sittings.held}"]`).count()).toBe(1);
    expect(await page.getByTestId('sittings-open').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/SECRET_/);

    // The live panel's way to the sitting's public page (broadcast, agenda, documents).
    await live.getByRole('link', { name: 'Xem trực tiếp phiên “Phiên khai mạc”' }).click();
    await page.waitForURL(`**/cong-khai/phien-hop/${w.sittings.open}`);
    await page.getByRole('heading', { level: 1, name: 'Phiên khai mạc' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('a guest sees the document granted to them, not council-only ones nor ones named for others, and reads it in the viewer', async () => {
    const { page, context, problems } = await openSignedIn(browser, server, w.observerId, '/theo-doi', { viewport: { width: 390, height: 844 } });
    const docs = granted(page);
    const link = docs.locator(`a[data-document-id="${w.docs.granted}"]`);
    await link.waitFor();
    expect(await textOf(link)).toContain('Chương trình kỳ họp gửi khách mời');
    expect(await textOf(docs)).toContain('Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV');
    expect(await docs.locator('a[data-document-id]').count()).toBe(1);
    for (const hidden of [w.docs.councilOnly, w.docs.namedOther, w.docs.public]) expect(await docs.locator(`[data-document-id="${hidden}"]`).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/SECRET_/);

    await link.click();
    await page.waitForURL(`**/tai-lieu/${f.sessionId}/${w.docs.granted}*`);
    await page.getByRole('heading', { level: 1, name: 'Chương trình kỳ họp gửi khách mời' }).waitFor();
    await page.locator('[data-testid="page-canvas"][data-page="1"]').waitFor({ timeout: 15_000 });
    expect(await overflowsHorizontally(page)).toBe(false);

    // A council-only document stays closed to the guest, even by its address.
    const res = await page.request.get(`${server.url}/api/documents/${w.docs.councilOnly}/file`);
    expect(res.status()).toBe(403);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a guest of a council with nothing published nor granted is told so in plain words', async () => {
    const council = await buildCouncil(server.deps);
    await server.deps.models.Council.updateOne({ _id: council._id }, { name: 'HĐND xã Gia Viễn' });
    const guest = await buildUser(server.deps, { displayName: 'Phóng viên Lý Thu Hà' });
    await buildMembership(server.deps, guest._id, council._id, 'observer');
    const { page, context, problems } = await openSignedIn(browser, server, String(guest._id), '/theo-doi', { viewport: { width: 390, height: 844 } });
    await page.getByTestId('observer-no-sittings').filter({ hasText: 'Chưa có phiên họp nào được công bố.' }).waitFor();
    await page.getByTestId('observer-no-documents').filter({ hasText: 'Chưa có tài liệu nào được gửi riêng cho bạn.' }).waitFor();
    expect(await page.getByTestId('observer-live').count()).toBe(0);
    expect(await overflowsHorizontally(page)).toBe(false);
    await shotFromTop(page, 'observer-empty-390x844.png');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('fits phones, tablets and desktops: no sideways scrolling, touch targets of 44 px (screenshots)', async () => {
    const { page, context, problems } = await openSignedIn(browser, server, w.observerId, '/theo-doi', { viewport: { width: 390, height: 844 } });
    await page.getByTestId('live-panel').waitFor();
    await granted(page).locator('a[data-document-id]').first().waitFor();
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(150);
      await shotFromTop(page, `observer-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `at ${width}x${height}`).toBe(false);
      expect(await smallTouchTargets(page), `at ${width}x${height}`).toEqual([]);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('when the sittings or the documents cannot be loaded, a guest is told in plain words and "Thử lại" brings them', async () => {
    let failing = true;
    const unavailable = { status: 503, contentType: 'application/json', body: '{"ok":false,"error":"unavailable","message":"Service unavailable"}' };
    // The service worker would answer the app's requests itself, out of the routes' sight.
    const { page, context, problems } = await openSignedIn(browser, server, w.observerId, '/', { viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    await page.getByRole('heading', { level: 1, name: 'Xin chào, Hồ Thị Khách' }).waitFor();
    for (const url of [`${server.url}/api/me/documents*`, `${server.url}/api/public/councils/*/calendar`]) await page.route(url, (route) => (failing ? route.fulfill(unavailable) : route.continue()));
    await page.goto(`${server.url}/theo-doi`);
    const sittingsAlert = page.getByRole('alert').filter({ hasText: 'Không tải được các phiên họp. Vui lòng kiểm tra kết nối mạng rồi thử lại.' });
    const documentsAlert = page.getByRole('alert').filter({ hasText: 'Không tải được danh sách tài liệu. Vui lòng kiểm tra kết nối mạng rồi thử lại.' });
    await sittingsAlert.waitFor();
    await documentsAlert.waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await shotFromTop(page, 'observer-error-390x844.png');
    failing = false;
    await sittingsAlert.getByRole('button', { name: 'Thử lại' }).click();
    await page.getByTestId('live-panel').waitFor();
    await documentsAlert.getByRole('button', { name: 'Thử lại' }).click();
    await granted(page).locator(`a[data-document-id="${w.docs.granted}"]`).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('when the chair closes an open sitting, its live panel says the sitting has ended', async () => {
    const sitting = await server.deps.models.Sitting.create({ sessionId: f.session._id, councilId: f.cast.council._id, title: 'Phiên bế mạc', status: 'open', agendaItemIds: w.items, currentItemId: w.items[1], date: '2026-07-17', startTime: '08:00' });
    const sittingId = String(sitting._id);
    await new Promise((r) => setTimeout(r, 2200)); // the portal keeps a council's calendar 2 s
    const { page, context, problems } = await openSignedIn(browser, server, w.observerId, '/theo-doi', { viewport: { width: 390, height: 844 } });
    const live = page.locator(`[data-testid="observer-live"][data-sitting-id="${sittingId}"]`);
    await live.getByTestId('live-panel').waitFor();
    const chair = await commander(server, f.cast.users.chair.id, sockets);
    await chair('sitting:join', { sittingId });
    await chair('sitting:setStatus', { sittingId, commandId: randomUUID(), status: 'closed' });
    await live.getByTestId('observer-live-ended').filter({ hasText: 'Phiên họp đã kết thúc.' }).waitFor({ timeout: 5000 });
    expect(await live.getByTestId('live-panel').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

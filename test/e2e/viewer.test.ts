import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { TEST_PASSWORD } from '../helpers/factories.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { fixture, tinyPdf, uploadPdf } from '../helpers/documentFixtures.js';
import { fold, findAll, foldWithMap } from '../../client/src/lib/viewer/fold.js';
import { clientBuildPerFile, ENGINES, launchBrowser, overflowsHorizontally, screenshot, smallTouchTargets, watchProblems } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';
import { seedPdf, canvasInk, waitStored } from './viewerHelpers.js';

type Fixture = Awaited<ReturnType<typeof buildSittingFixture>>;

describe('search folding (no diacritics needed)', () => {
  it('folds Vietnamese marks, đ and case on both sides, and maps a hit back to the original words', () => {
    expect(fold('NGHỊ QUYẾT  Đắk Lắk')).toBe('nghi quyet dak lak');
    const original = 'Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết;';
    const { hits, total } = findAll([{ ...foldWithMap(original), original }], 'nghi quyet');
    expect(total).toBe(1);
    expect(hits[0]).toMatchObject({ page: 1, match: 'Nghị quyết' });
    // Decomposed input (combining marks as separate code points) folds the same way.
    const nfd = 'nghị quyết'.normalize('NFD');
    expect(findAll([{ ...foldWithMap(nfd), original: nfd }], 'Nghị Quyết').hits[0]!.match).toBe(nfd);
  });
});

const client = clientBuildPerFile();

/**
 * The session dossier and the viewer in real Chromium and Firefox against a real server: the
 * delegate opens the dossier, every document downloads to the tablet, the viewer reads,
 * searches, keeps private notes, comments on a draft and follows the presenter; a
 * confidential document carries the watermark; the network goes and documents stay readable.
 */
describe.each(ENGINES)('session dossier and document viewer in %s', (engine) => {
  let server: TestServer;
  let stopped = false;
  let browser: Browser;
  let f: Fixture;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let chairSocket: ClientSocket | null = null;
  const ids = {} as Record<'big' | 'draft' | 'review' | 'secret', string>;
  let addedId = '';
  let clerk: TestClient;
  /** Uploads through the real API as the secretary; answers the new document's id. */
  const up = async (bytes: Buffer | string, query: Record<string, string>) => {
    const res = await uploadPdf(clerk, f.sessionId, bytes, query);
    if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.data.document.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { CLIENT_DIST: await client() } });
    f = await buildSittingFixture(server.deps);
    clerk = new TestClient(server.url);
    await clerk.signIn(f.secretary.login, TEST_PASSWORD);
    ids.big = await up(fixture('tap-tai-lieu-500-trang.pdf'), { title: 'Tờ trình kèm tập tài liệu 500 trang', kind: 'submission', agendaItemId: String(f.items.report._id), access: 'council', fileName: 'tap-tai-lieu-500-trang.pdf' });
    ids.review = await up(seedPdf('bao-cao-tham-tra.pdf'), { title: 'Báo cáo thẩm tra của Ban Kinh tế – Ngân sách', kind: 'review_report', agendaItemId: String(f.items.review._id), access: 'council' });
    ids.draft = await up(seedPdf('du-thao-nghi-quyet.pdf'), { title: 'Dự thảo Nghị quyết về kế hoạch chuyển đổi số năm 2027', kind: 'draft_resolution', agendaItemId: String(f.items.votes._id), access: 'public' });
    ids.secret = await up(seedPdf('bao-cao-tham-tra.pdf'), { title: 'Báo cáo mật về công tác cán bộ', kind: 'other', access: 'confidential', allowedUserIds: f.delegate.id });
    browser = await launchBrowser(engine);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    const cookie = await cookieFor(server.deps, f.delegate.id);
    const eq = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url }]);
    page = await context.newPage();
    problems = watchProblems(page);
  }, 180_000);

  afterAll(async () => {
    chairSocket?.close();
    await browser?.close();
    if (!stopped) await server?.stop();
  });

  const shot = async (name: string) => {
    await page.evaluate("window.scrollTo(0, 0)");
    await screenshot(page, name);
  };
  const canvas = () => page.getByTestId('page-canvas');
  const renderedPage = async (n: number) => {
    await page.locator(`[data-testid="page-canvas"][data-page="${n}"]`).waitFor({ timeout: 15_000 });
  };

  // Chromium only: the network is slowed through the DevTools protocol, which Firefox does not
  // speak (Playwright has no engine-neutral throttling; route() answers a body all at once).
  if (engine === 'chromium') it('on a slow network the dossier shows each download and the whole one moving', async () => {
    // Its own context without the service worker, whose fetches the page's throttling would not slow.
    const slow = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const cookie = await cookieFor(server.deps, f.delegate.id);
    const eq = cookie.indexOf('=');
    await slow.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url }]);
    const p = await slow.newPage();
    const cdp = await slow.newCDPSession(p);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 200 * 1024, uploadThroughput: -1 });
    await p.goto(`${server.url}/tai-lieu/${f.sessionId}`);
    const overall = p.getByTestId('overall-progress');
    await expect.poll(async () => Number(await overall.getAttribute('data-value')), { timeout: 20_000 }).toBeGreaterThan(10);
    const value = Number(await overall.getAttribute('data-value'));
    expect(value).toBeLessThan(100);
    expect(await p.locator('[data-state="downloading"]').count()).toBeGreaterThan(0);
    expect(await p.getByTestId('dossier-overall').innerText()).toMatch(/Đã tải \d\/3 tài liệu · [\d,.]+ kB \/ 827 kB/);
    await p.evaluate('window.scrollTo(0, 0)');
    await screenshot(p, 'dossier-progress.png');
    await slow.close();
  }, 60_000);

  it('the delegate opens the dossier from the session page: documents by agenda item, all downloaded to the tablet', async () => {
    await page.goto(`${server.url}/ky-hop/${f.sessionId}`);
    await page.getByRole('link', { name: 'Tài liệu kỳ họp' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ tài liệu kỳ họp' }).waitFor();
    for (const heading of ['2. Báo cáo tình hình kinh tế', '2.1. Báo cáo thẩm tra', '4. Biểu quyết thông qua', 'Tài liệu chung của kỳ họp']) {
      await page.getByRole('heading', { name: heading }).first().waitFor();
    }
    const big = page.locator(`[data-document-id="${ids.big}"]`);
    expect(await big.innerText()).toMatch(/Tờ trình[\s\S]*Bản 1[\s\S]*500 trang[\s\S]*769 kB[\s\S]*Đại biểu HĐND/i);
    expect(await page.locator(`[data-document-id="${ids.draft}"]`).innerText()).toMatch(/Dự thảo nghị quyết[\s\S]*6 trang[\s\S]*Công khai/i);
    await waitStored(page, [ids.big, ids.draft, ids.review]);
    await page.locator('[data-testid="dossier-overall"][data-complete="true"]').waitFor();
    expect(await page.getByTestId('dossier-overall').innerText()).toContain('Đã lưu đủ 3 tài liệu trên máy');
    const secret = page.locator(`[data-document-id="${ids.secret}"]`);
    expect(await secret.getAttribute('data-state')).toBe('not_stored');
    expect(await secret.innerText()).toContain('Tài liệu mật: chỉ đọc trực tuyến, không lưu trên máy');
    // Every bar at 100 %, and the copies are in Cache Storage under the file URLs.
    for (const id of [ids.big, ids.draft, ids.review]) expect(await page.locator(`[data-document-id="${id}"] [data-testid="doc-progress"]`).getAttribute('data-value')).toBe('100');
    const stored = (await page.evaluate("caches.open('hdnd-docs-v1').then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname))")) as string[];
    expect(stored.sort()).toEqual([ids.big, ids.draft, ids.review].map((id) => `/api/documents/${id}/file`).sort());
    await shot('dossier.png');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
  }, 60_000);

  it('the viewer draws a page, turns pages and zooms; the text layer allows selection', async () => {
    await page.getByRole('link', { name: `Đọc “Dự thảo Nghị quyết về kế hoạch chuyển đổi số năm 2027”` }).click();
    await renderedPage(1);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
    expect(await page.getByTestId('page-status').innerText()).toBe('trên 6');
    // The text layer is laid over the page once it is drawn (a moment later, in its own task).
    await expect.poll(() => page.getByTestId('text-layer').locator('span').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    expect(await page.evaluate("performance.getEntriesByName('first-page-rendered').length")).toBe(1);
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await renderedPage(2);
    expect(await page.getByTestId('page-input').inputValue()).toBe('2');
    await page.getByTestId('page-input').fill('5');
    await page.getByTestId('page-input').press('Enter');
    await renderedPage(5);
    const before = (await canvas().boundingBox())!.width;
    await page.getByRole('button', { name: 'Phóng to' }).click();
    await expect.poll(async () => (await canvas().boundingBox())!.width).toBeGreaterThan(before * 1.2);
    await page.getByRole('button', { name: 'Vừa chiều rộng' }).click();
    await expect.poll(async () => Math.round((await canvas().boundingBox())!.width)).toBe(Math.round(before));
    await page.getByRole('button', { name: 'Trang 1', exact: true }).click();
    await renderedPage(1);
    await shot('viewer.png');
    expect(await smallTouchTargets(page)).toEqual([]);
    // A tablet held upright: the page fills the width, the tools go below it.
    await page.setViewportSize({ width: 800, height: 1280 });
    await expect.poll(async () => Math.round((await canvas().boundingBox())!.width)).toBeLessThan(800);
    await renderedPage(1);
    expect(await overflowsHorizontally(page)).toBe(false);
    await shot('viewer-portrait.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('a search without diacritics finds "nghị quyết", lists the hits and jumps to one', async () => {
    await page.getByLabel('Tìm trong tài liệu').fill('nghi quyet');
    await page.getByLabel('Tìm trong tài liệu').press('Enter');
    await page.getByTestId('search-count').waitFor();
    const hits = page.getByTestId('search-hit');
    expect(await hits.count()).toBeGreaterThan(2);
    expect(await hits.first().innerText()).toMatch(/nghị quyết/i);
    await hits.last().click();
    const target = Number(await hits.last().getAttribute('data-page'));
    await renderedPage(target);
    await expect.poll(() => page.locator('.textLayer span.hit').count()).toBeGreaterThan(0);
    await page.getByLabel('Tìm trong tài liệu').fill('DAK LAK');
    await page.getByLabel('Tìm trong tài liệu').press('Enter');
    await expect.poll(() => hits.first().innerText()).toContain('Đắk Lắk');
    await hits.first().click();
    await renderedPage(1);
    await shot('viewer-search.png');
  });

  it('private notes and a highlight on a page, kept by the server for this delegate only', async () => {
    await page.getByTestId('tab-notes').click();
    await page.getByLabel('Ghi chú cho trang 1').fill('Đề nghị làm rõ chỉ tiêu 95% hồ sơ xử lý trên môi trường mạng.');
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await page.getByTestId('note').filter({ hasText: 'Đề nghị làm rõ chỉ tiêu' }).waitFor();
    await page.getByTestId('highlight-toggle').click();
    const box = (await canvas().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.36, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('highlight').first().waitFor();
    await page.getByTestId('highlight-toggle').click();
    // Nobody else sees them: the chair's own list for this document is empty.
    const chair = new TestClient(server.url);
    await chair.signIn(f.chair.login, TEST_PASSWORD);
    const theirs = await chair.get(`/api/documents/${ids.draft}/notes`);
    expect(theirs.status).toBe(200);
    expect(theirs.json.data).toEqual([]);
    await page.reload();
    await renderedPage(1);
    await page.getByTestId('tab-notes').click();
    await page.getByTestId('note').filter({ hasText: 'Đề nghị làm rõ chỉ tiêu' }).waitFor();
    expect(await page.getByTestId('highlight').count()).toBe(1);
    await shot('viewer-notes.png');
  });

  it('a comment on a page of the draft reaches the secretariat', async () => {
    await page.getByTestId('tab-comment').click();
    await page.getByLabel('Nội dung góp ý cho trang 1').fill('Đề nghị bổ sung chỉ tiêu về an toàn thông tin.');
    await page.getByRole('button', { name: 'Góp ý trang này' }).click();
    await page.getByText('Đã gửi góp ý cho trang 1.').waitFor();
    expect(await page.getByTestId('sent-comment').innerText()).toMatch(/Đề nghị bổ sung chỉ tiêu về an toàn thông tin\.[\s\S]*Chờ Văn phòng HĐND trả lời/);
    const stored = await server.deps.conn.collection('comments').find({}).toArray();
    expect(stored.map((c) => c.text)).toContain('Đề nghị bổ sung chỉ tiêu về an toàn thông tin.');
  });

  it('following the presenter: the chair presents a page and the follower goes there; stopping ends it', async () => {
    await expect.poll(() => page.getByTestId('follow-toggle').isEnabled()).toBe(true);
    expect(await page.getByTestId('present').count()).toBe(0); // a delegate without the floor does not present
    await page.getByTestId('follow-toggle').click();
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-checked')).toBe('true');

    // The chair, on their own screen at page 3 of the draft, presents it.
    const chairContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const chairCookie = await cookieFor(server.deps, f.chair.id);
    const eq = chairCookie.indexOf('=');
    await chairContext.addCookies([{ name: chairCookie.slice(0, eq), value: chairCookie.slice(eq + 1), url: server.url }]);
    const chairPage = await chairContext.newPage();
    await chairPage.goto(`${server.url}/tai-lieu/${f.sessionId}/${ids.draft}#trang=3`);
    await chairPage.locator('[data-testid="page-canvas"][data-page="3"]').waitFor();
    await chairPage.getByRole('button', { name: 'Trình chiếu trang này' }).click();
    await chairPage.getByText('Đang trình chiếu trang 3 cho người theo dõi.').waitFor();
    await renderedPage(3);
    await screenshot(chairPage, 'viewer-presenter.png');
    await chairContext.close();

    // A presenter's socket elsewhere (another device) moves the follower on.
    chairSocket = await connectSocket(server.url, chairCookie);
    expect((await chairSocket.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    const present = async (n: number) => expect((await chairSocket!.emitWithAck('presenter:page', { sittingId: f.sittingId, documentId: ids.draft, page: n })).ok).toBe(true);
    await present(4);
    await renderedPage(4);
    await page.getByTestId('follow-toggle').click();
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-checked')).toBe('false');
    await present(2);
    await page.waitForTimeout(500);
    expect(await canvas().getAttribute('data-page')).toBe('4');
  });

  it('a confidential document: the reader\'s watermark in every page, no text layer, no download, nothing to print', async () => {
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${ids.secret}`);
    await renderedPage(1);
    expect(await page.getByTestId('confidential-notice').innerText()).toContain('không sao chép');
    expect(await page.getByTestId('text-layer').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tải xuống' }).count()).toBe(0);
    expect(await page.evaluate("getComputedStyle(document.querySelector('[data-testid=page-canvas]')).userSelect")).toBe('none');
    // The watermark's red is in the page's own pixels (the document itself is black on white).
    expect(await canvasInk(page, 'red')).toBeGreaterThan(0.005);
    // Search works, but lists pages only: no words of the document are copied out.
    await page.getByLabel('Tìm trong tài liệu').fill('tham tra');
    await page.getByLabel('Tìm trong tài liệu').press('Enter');
    await page.getByTestId('search-hit').first().waitFor();
    expect(await page.getByTestId('search-hit').first().innerText()).toMatch(/^Trang 1: \d+ kết quả$/);
    expect(await page.getByTestId('search-panel').locator('mark').count()).toBe(0);
    await shot('confidential.png');
    // Chromium only: Playwright's print emulation has no effect in Firefox over WebDriver BiDi
    // (measured: the body stays 'block'); the print style sheet itself is the same in both.
    if (engine === 'chromium') {
      await page.emulateMedia({ media: 'print' });
      expect(await page.evaluate("getComputedStyle(document.body).display")).toBe('none');
      await page.emulateMedia({ media: 'screen' });
    }
    // The file itself is never sent as a download.
    const res = await page.evaluate(`fetch('/api/documents/${ids.secret}/file?download=1').then((r) => r.status)`);
    expect(res).toBe(403);
  });

  it('a document added while the dossier is open appears at once (documents:changed), without a reload', async () => {
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}`);
    await page.locator(`[data-document-id="${ids.review}"]`).waitFor();
    const added = (addedId = await up(tinyPdf(2, 'bo-sung'), { title: 'Tài liệu bổ sung phát hành trong kỳ họp', kind: 'other' }));
    // Well inside the 60 s fallback poll: only the broadcast can bring it this fast.
    await page.locator(`[data-document-id="${added}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator(`[data-document-id="${added}"]`).innerText()).toContain('Tài liệu bổ sung phát hành trong kỳ họp');
  });

  it('a search in pages without text (a scan) says those pages could not be searched, not only "not found"', async () => {
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${addedId}`);
    await renderedPage(1);
    await page.getByLabel('Tìm trong tài liệu').fill('nghi quyet');
    await page.getByLabel('Tìm trong tài liệu').press('Enter');
    expect(await page.getByTestId('search-count').innerText()).toBe('Không tìm thấy “nghi quyet”.');
    expect(await page.getByTestId('search-without-text').innerText()).toBe('Không tìm được trong 2/2 trang không có chữ (trang quét hoặc không đọc được chữ).');
    await shot('viewer-search-scan.png');
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}`);
  });

  it('a new version arrives with a notice and replaces the old copy on the tablet', async () => {
    // The dossier is still open from the previous step: the version arrives live.
    await page.locator(`[data-document-id="${ids.review}"]`).waitFor();
    const v2 = await up(tinyPdf(3, 'v2'), { supersedes: ids.review });
    await page.getByTestId('new-version').getByText('Đã có phiên bản mới của “Báo cáo thẩm tra của Ban Kinh tế – Ngân sách” (bản 2)').waitFor();
    await waitStored(page, [v2]);
    expect(await page.locator(`[data-document-id="${v2}"]`).innerText()).toContain('Bản 2');
    expect(await page.locator(`[data-document-id="${ids.review}"]`).count()).toBe(0);
    const stored = (await page.evaluate("caches.open('hdnd-docs-v1').then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname))")) as string[];
    expect(stored).toContain(`/api/documents/${v2}/file`);
    expect(stored).not.toContain(`/api/documents/${ids.review}/file`);
    ids.review = v2;
  });

  it('the network drops: the dossier and a document never opened before still read from the tablet', async () => {
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await expect.poll(() => page.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    await context.setOffline(true);
    // The server is gone too, so nothing can come from the network behind the browser's back.
    await server.stop();
    stopped = true;
    await page.reload();
    await page.getByText('Đang mất kết nối mạng: đang hiển thị hồ sơ đã lưu trên máy.').waitFor();
    await page.locator('[data-testid="dossier-overall"][data-complete="true"]').waitFor();
    await page.getByRole('link', { name: 'Đọc “Tờ trình kèm tập tài liệu 500 trang”' }).click();
    await renderedPage(1);
    expect(await page.getByTestId('from-cache').isVisible()).toBe(true);
    expect(await page.getByTestId('offline-notice').innerText()).toContain('Đang mất kết nối mạng');
    expect(await page.getByTestId('page-status').innerText()).toBe('trên 500');
    await page.getByTestId('page-input').fill('250');
    await page.getByTestId('page-input').press('Enter');
    await renderedPage(250);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
    await shot('offline.png');
    // A reload of the viewer itself, with no network at all.
    await page.reload();
    await renderedPage(250);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
    // The lost network in each engine's words: Chromium's net::ERR and "Failed to fetch", Firefox's NetworkError.
    expect(problems.filter((p) => !/net::ERR|Failed to fetch|NetworkError when attempting to fetch|WebSocket|socket\.io/i.test(p))).toEqual([]);
  }, 60_000);
});

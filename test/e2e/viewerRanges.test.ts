import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { TEST_PASSWORD } from '../helpers/factories.js';
import { uploadPdf } from '../helpers/documentFixtures.js';
import { clientBuildPerFile, launchChromium, openSignedIn } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';
import { canvasInk, scannedPdf, watchFileTraffic, type FileTraffic } from './viewerHelpers.js';

const client = clientBuildPerFile();
const PAGES = 40;

/**
 * A scanned document the tablet does not hold yet, in real Chromium against a real server:
 * the viewer reads it by byte ranges, so the first page is drawn long before the whole file
 * has come; the background download for offline reading goes on and stores the whole file,
 * which then opens with the network gone. A confidential one is read by ranges too, each
 * page watermarked, and never stored.
 */
describe('a scanned document read by byte ranges', () => {
  let server: TestServer;
  let stopped = false;
  let browser: Browser;
  let traffic: FileTraffic;
  let f: Awaited<ReturnType<typeof buildSittingFixture>>;
  let pdf: Buffer;
  const ids = {} as Record<'scan' | 'secret', string>;
  const docs = {} as Record<'scan' | 'secret', { fileUrl: string; sha256: string; bytes: number }>;
  let reader: { context: BrowserContext; page: Page; problems: string[] };

  beforeAll(async () => {
    [pdf] = await Promise.all([scannedPdf(PAGES), client()]);
    server = await startTestServer({ env: { CLIENT_DIST: await client() } });
    traffic = watchFileTraffic(server.http);
    f = await buildSittingFixture(server.deps);
    const clerk = new TestClient(server.url);
    await clerk.signIn(f.secretary.login, TEST_PASSWORD);
    for (const [key, query] of [
      ['scan', { title: 'Hồ sơ bản quét 40 trang', kind: 'submission', agendaItemId: String(f.items.report._id), access: 'council' }],
      ['secret', { title: 'Hồ sơ mật bản quét', kind: 'other', access: 'confidential', allowedUserIds: f.delegate.id }],
    ] as const) {
      const res = await uploadPdf(clerk, f.sessionId, pdf, query);
      if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.json)}`);
      ids[key] = res.json.data.document.id;
      docs[key] = res.json.data.document;
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (!stopped) await server?.stop();
  });

  const drawn = (page: Page, n: number) => page.locator(`[data-testid="page-canvas"][data-page="${n}"]`).waitFor({ timeout: 20_000 });
  const turnTo = async (page: Page, n: number) => {
    await page.getByTestId('page-input').fill(String(n));
    await page.getByTestId('page-input').press('Enter');
    await drawn(page, n);
  };
  /** When the page drew its first page, in ms since the epoch (the server's clock: same machine). */
  const firstDrawAt = (page: Page) => page.evaluate("performance.timeOrigin + performance.getEntriesByName('first-page-rendered')[0].startTime") as Promise<number>;
  const stored = (page: Page) => page.evaluate("caches.open('hdnd-docs-v1').then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname).sort())") as Promise<string[]>;

  it('the first page is drawn after less than 30 % of the file crossed the network, and pages turn', async () => {
    expect(pdf.length).toBeGreaterThan(2 * 1024 * 1024);
    reader = await openSignedIn(browser, server, f.delegate.id, `/tai-lieu/${f.sessionId}/${ids.scan}`);
    const { page } = reader;
    await drawn(page, 1);
    const firstAt = await firstDrawAt(page);
    const before = traffic.bytesBefore(docs.scan.fileUrl, firstAt);
    expect(before / pdf.length).toBeLessThan(0.3);
    // One request: the opening (head and tail), answered with everything pdf.js read to open
    // the file and draw page 1 when it was uploaded; no round trip per burst of reads.
    expect(traffic.requests.filter((r) => r.path === docs.scan.fileUrl && r.at <= firstAt).map((r) => r.range)).toEqual(['bytes=0-65535,-131072']);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
    // Grey scans: no red in them (the watermark's colour, below).
    expect(await canvasInk(page, 'red')).toBeLessThan(0.001);
    expect(await page.getByTestId('page-status').innerText()).toBe(`trên ${PAGES}`);
    for (const n of [27, 13, PAGES]) {
      await turnTo(page, n);
      expect(await canvasInk(page)).toBeGreaterThan(0.01);
    }
  }, 60_000);

  it('meanwhile the whole file is stored for offline reading, byte for byte, and crossed the network about once', async () => {
    const { page } = reader;
    await expect.poll(() => stored(page), { timeout: 60_000 }).toContain(docs.scan.fileUrl);
    const copy = (await page.evaluate(`caches.match('${docs.scan.fileUrl}').then((r) => r.arrayBuffer()).then(async (b) => ({
      bytes: b.byteLength,
      sha256: Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)), (x) => x.toString(16).padStart(2, '0')).join(''),
    }))`)) as { bytes: number; sha256: string };
    expect(copy).toEqual({ bytes: docs.scan.bytes, sha256: docs.scan.sha256 });
    // The download began from what the viewer already had and lent it its bytes: the pages
    // read by ranges are the only bytes sent twice.
    expect(traffic.bytesOf(docs.scan.fileUrl)).toBeLessThan(1.5 * pdf.length);
    // Every request for it asked for ranges (206), none for the whole file.
    expect(traffic.requests.filter((r) => r.path === docs.scan.fileUrl && !r.range)).toEqual([]);
  }, 90_000);

  it('a confidential scanned document is read by ranges: each page drawn with the watermark, nothing fetched beyond the pages read, nothing stored', async () => {
    const { page } = reader;
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${ids.secret}`);
    await drawn(page, 1);
    expect(await canvasInk(page, 'red')).toBeGreaterThan(0.005);
    // Once the viewer has where each page's bytes are (recorded at upload), a page turn is one
    // request for that page's bytes, not pdf.js's round trip per level (the page, its image's
    // dictionary, the image).
    await expect.poll(() => page.evaluate("performance.getEntriesByName('page-reads').length")).toBe(1);
    const record = (await page.evaluate(`fetch('/api/documents/${ids.secret}/pages').then((r) => r.json())`)) as { data: { index: number[]; spans: number[] } };
    const page30 = record.data.spans.slice(record.data.index[29], record.data.index[30]);
    const earlier = traffic.requests.filter((r) => r.path === docs.secret.fileUrl).length;
    await turnTo(page, 30);
    expect(await canvasInk(page, 'red')).toBeGreaterThan(0.005);
    const turn = traffic.requests.filter((r) => r.path === docs.secret.fileUrl).slice(earlier);
    expect(turn).toHaveLength(1);
    for (const part of turn[0]!.range!.replace('bytes=', '').split(',')) {
      const [a, b] = part.split('-').map(Number) as [number, number];
      expect(page30.some((_, i) => i % 2 === 0 && page30[i]! <= a && b < page30[i + 1]!), `${part} in page 30's record ${page30.join(',')}`).toBe(true);
    }
    // Two pages read of forty: nothing like the whole file came, and nothing is kept.
    expect(traffic.bytesOf(docs.secret.fileUrl) / pdf.length).toBeLessThan(0.3);
    expect(await stored(page)).not.toContain(docs.secret.fileUrl);
    const reads = traffic.requests.filter((r) => r.path === docs.secret.fileUrl);
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((r) => !r.range)).toEqual([]);
    // Every one of them was logged in the document's audit chain.
    const logged = await server.deps.conn.collection('audit_entries').countDocuments({ action: 'document:read', 'subject.id': new Types.ObjectId(ids.secret) });
    expect(logged).toBe(reads.length);
  }, 60_000);

  it('a reader going page by page has the next page asked for while reading, so turning to it waits for no request; a jump asks for nothing ahead', async () => {
    const { context, page } = await openSignedIn(browser, server, f.delegate.id, '/');
    // A browser that keeps nothing (no Cache Storage): no background download, every page by ranges.
    await context.addInitScript("Object.defineProperty(window, 'caches', { value: undefined, configurable: true })");
    const openedAt = Date.now();
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${ids.scan}`);
    await drawn(page, 1);
    await expect.poll(() => page.evaluate("performance.getEntriesByName('page-reads').length")).toBe(1);
    const record = (await page.evaluate(`fetch('/api/documents/${ids.scan}/pages').then((r) => r.json())`)) as { data: { index: number[]; spans: number[] } };
    const inPage = (n: number, range: string | null) => {
      const own = record.data.spans.slice(record.data.index[n - 1], record.data.index[n]);
      return range !== null && range.replace('bytes=', '').split(',').every((part) => {
        const [a, b] = part.split('-').map(Number) as [number, number];
        return own.some((_, i) => i % 2 === 0 && own[i]! <= a && b < own[i + 1]!);
      });
    };
    const reads = () => traffic.requests.filter((r) => r.path === docs.scan.fileUrl && r.at >= openedAt);
    expect(reads().filter((r) => r.range !== null && /^bytes=\d+-$/.test(r.range))).toEqual([]);
    await turnTo(page, 20);
    const atTurn21 = reads().length;
    await turnTo(page, 21);
    // After a jump nothing was asked for ahead: page 21's bytes were asked for at the turn.
    expect(reads().slice(atTurn21).some((r) => inPage(21, r.range))).toBe(true);
    // Page by page: page 22 is asked for once 21 is drawn, before the reader turns to it.
    await expect.poll(() => reads().some((r) => inPage(22, r.range))).toBe(true);
    const atTurn22 = reads().length;
    await turnTo(page, 22);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
    expect(reads().slice(atTurn22).filter((r) => inPage(22, r.range))).toEqual([]);
    await context.close();
  }, 60_000);

  it('with the network and the server gone, the stored document opens from the tablet', async () => {
    const { page, context } = reader;
    await expect.poll(() => page.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    await context.setOffline(true);
    await server.stop();
    stopped = true;
    await page.goto(`${server.url}/tai-lieu/${f.sessionId}/${ids.scan}#trang=33`).catch(() => {});
    await drawn(page, 33);
    expect(await page.getByTestId('from-cache').isVisible()).toBe(true);
    expect(await canvasInk(page)).toBeGreaterThan(0.01);
  }, 60_000);
});

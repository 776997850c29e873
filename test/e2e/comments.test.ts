import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CommentView } from '../../contract/notes.js';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { TestClient } from '../helpers/http.js';
import { cookieFor } from '../helpers/sockets.js';
import { fixture, uploadPdf } from '../helpers/documentFixtures.js';
import { buildClient, launchChromium, overflowsHorizontally, screenshot, smallTouchTargets, watchProblems, openSignedIn } from './browser.js';
import { buildSittingFixture } from './sittingFixture.js';

type Fixture = Awaited<ReturnType<typeof buildSittingFixture>>;

/** Every text run of a PDF, joined by single spaces. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: VerbosityLevel.ERRORS }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    for (const it of (await (await doc.getPage(i)).getTextContent()).items) if ('str' in it) parts.push(it.str);
  }
  await doc.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}

/**
 * Comments on drafts (góp ý dự thảo) end to end: two delegates comment through the API on
 * real uploaded drafts, then the secretary, in Chromium, reads them by draft and page,
 * records a tiếp thu and a giải trình, and downloads the consolidated report.
 */
describe('comments on drafts in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let f: Fixture;
  let policyId: string;
  let planId: string;

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    f = await buildSittingFixture(server.deps);
    browser = await launchChromium();

    const as = async (userId: string) => Object.assign(new TestClient(server.url), { cookie: await cookieFor(server.deps, userId) });
    const secretary = await as(f.secretary.id);
    const upload = async (file: Buffer, title: string) => {
      const res = await uploadPdf(secretary, f.sessionId, file, { title, kind: 'draft_resolution', access: 'council', fileName: `${title}.pdf` });
      expect(res.status).toBe(200);
      return res.json.data.document.id as string;
    };
    policyId = await upload(readFileSync(new URL('../../server/src/seed/pdfs/du-thao-nghi-quyet.pdf', import.meta.url)), 'Dự thảo Nghị quyết quy định chính sách hỗ trợ cán bộ, công chức cấp xã sau sắp xếp');
    planId = await upload(fixture('tap-tai-lieu-500-trang.pdf'), 'Dự thảo Nghị quyết về kế hoạch đầu tư công trung hạn 2026–2030');

    const bao = await as(f.delegate.id);
    const other = await as(f.checkedIn[0]!.id);
    const comment = async (client: TestClient, doc: string, page: number, text: string) => {
      const res = await client.post(`/api/documents/${doc}/comments`, { page, text });
      expect(res.status).toBe(200);
    };
    await comment(bao, policyId, 2, 'Đề nghị làm rõ đối tượng “người hoạt động không chuyên trách ở thôn, tổ dân phố” tại khoản 2 Điều 1.');
    await comment(other, policyId, 2, 'Mức hỗ trợ một lần nên tính theo số năm công tác, tránh cào bằng giữa xã miền núi và đồng bằng.');
    await comment(other, planId, 137, 'Danh mục dự án giao thông nông thôn ở trang này trùng với Nghị quyết số 12; đề nghị rà soát.');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const openAs = (userId: string, path: string) => openSignedIn(browser, server, userId, path, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });

  it('the secretary reaches the comments from the session page, responds to two, and downloads the consolidated report', async () => {
    const { page, problems, context } = await openAs(f.secretary.id, `/ky-hop/${f.sessionId}`);
    await page.getByRole('link', { name: 'Góp ý dự thảo' }).click();
    await page.getByRole('heading', { name: 'Góp ý dự thảo nghị quyết' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/gop-y/${f.sessionId}`);

    // Grouped by draft (dossier order), then page, each comment with its author.
    const drafts = page.locator('section.document');
    await expect.poll(() => drafts.count()).toBe(2);
    expect(await drafts.nth(0).getByRole('heading', { level: 2 }).innerText()).toContain('chính sách hỗ trợ cán bộ');
    expect(await drafts.nth(1).getByRole('heading', { level: 3 }).innerText()).toBe('Trang 137');
    const policy = drafts.nth(0);
    expect(await policy.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual([f.delegate.displayName, f.checkedIn[0]!.displayName]);
    expect(await policy.getByRole('link', { name: 'Mở trang 2' }).getAttribute('href')).toBe(`/tai-lieu/${f.sessionId}/${policyId}#trang=2`);
    expect(await page.getByTestId('comments-tally').innerText()).toBe('3 ý kiến · Tiếp thu 0 · Giải trình 0 · Chưa phản hồi 3');

    // Tiếp thu for the first delegate.
    await page.getByRole('button', { name: `Phản hồi: ý kiến của ${f.delegate.displayName}, trang 2` }).click();
    const baoItem = policy.locator('article', { hasText: f.delegate.displayName });
    await baoItem.getByText('Tiếp thu', { exact: true }).click();
    await baoItem.getByLabel('Nội dung phản hồi').fill('Ban soạn thảo đã bổ sung định nghĩa tại khoản 2 Điều 1.');
    await baoItem.getByRole('button', { name: 'Lưu phản hồi' }).click();
    await baoItem.getByText(/Lê Văn Thư ghi nhận lúc/).waitFor();
    await page.getByRole('status').filter({ hasText: `Đã lưu phản hồi cho ý kiến của ${f.delegate.displayName}.` }).waitFor({ state: 'attached' });

    // Giải trình for the other.
    const otherName = f.checkedIn[0]!.displayName;
    await page.getByRole('button', { name: `Phản hồi: ý kiến của ${otherName}, trang 2` }).click();
    const otherItem = policy.locator('article', { hasText: otherName });
    await otherItem.getByText('Giải trình', { exact: true }).click();
    await otherItem.getByLabel('Nội dung phản hồi').fill('Mức hỗ trợ đã tính theo số năm công tác (Điều 4); hệ số vùng do UBND tỉnh quy định.');
    await otherItem.getByRole('button', { name: 'Lưu phản hồi' }).click();
    await otherItem.locator('.response.explained').waitFor();
    expect(await page.getByTestId('comments-tally').innerText()).toBe('3 ý kiến · Tiếp thu 1 · Giải trình 1 · Chưa phản hồi 1');

    // A blank response is caught before sending; the form stays open for the third comment.
    await page.getByRole('button', { name: `Phản hồi: ý kiến của ${otherName}, trang 137` }).click();
    const planItem = drafts.nth(1).locator('article');
    await planItem.getByRole('button', { name: 'Lưu phản hồi' }).click();
    await planItem.getByText('Vui lòng nhập nội dung phản hồi.').waitFor();
    await planItem.getByLabel('Nội dung phản hồi').fill('Đã đối chiếu, bỏ 2 dự án trùng khỏi danh mục.');
    await planItem.getByText('Vui lòng nhập nội dung phản hồi.').waitFor({ state: 'detached' });
    expect(await baoItem.locator('time').innerText()).toMatch(/^\d\d:\d\d \d\d\/\d\d\/\d{4}$/);

    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'comments-secretariat.png');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải báo cáo tổng hợp (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Báo cáo tổng hợp góp ý \d\d-\d\d-\d{4}\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(new Uint8Array(bytes));
    for (const s of ['BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý', f.session.title, f.delegate.displayName, otherName, 'Tiếp thu: Ban soạn thảo đã bổ sung định nghĩa',
      'Giải trình: Mức hỗ trợ đã tính theo số năm công tác', 'Trang 137 của dự thảo', 'Chưa có phản hồi của cơ quan soạn thảo.', 'người lập: Lê Văn Thư']) {
      expect(text).toContain(s);
    }

    // What the page showed is what the server keeps.
    const saved = await (await Object.assign(new TestClient(server.url), { cookie: await cookieFor(server.deps, f.chair.id) })).get(`/api/sessions/${f.sessionId}/comments`);
    expect((saved.json.data as CommentView[]).map((c) => c.response?.outcome ?? null)).toEqual(['accepted', 'explained', null]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('the chair reads every comment and the report, but records no response', async () => {
    const { page, problems, context } = await openAs(f.chair.id, `/gop-y/${f.sessionId}`);
    await page.getByRole('heading', { name: 'Góp ý dự thảo nghị quyết' }).waitFor();
    await page.locator('article').first().waitFor();
    expect(await page.locator('article').count()).toBe(3);
    expect(await page.getByRole('button', { name: /^(Phản hồi|Sửa phản hồi)/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tải báo cáo tổng hợp (PDF)' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Chưa phản hồi (1)' }).click();
    await expect.poll(() => page.locator('article').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CommentView } from '../../../contract/notes.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { sendRaw } from '../../../test/helpers/documentFixtures.js';
import { buildCommentFixture, type CommentFixture } from '../../../test/helpers/commentFixtures.js';

let server: TestServer;
let f: CommentFixture;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildCommentFixture(server);
});
afterAll(async () => server?.stop());

const SCREENSHOTS = new URL('../../../../test-results/screenshots/', import.meta.url);

/** Each page's text as pdf.js extracts it (what a reader's search and copy see), and the layout of every run. */
async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: VerbosityLevel.ERRORS }).promise;
  const pages: string[] = [];
  const runs: Array<{ page: number; x: number; width: number; y: number; str: string }> = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const items = content.items.filter((it): it is typeof it & { str: string; transform: number[]; width: number } => 'str' in it);
    pages.push(items.map((it) => it.str).join('\n'));
    for (const it of items) runs.push({ page: i, x: it.transform[4]!, y: it.transform[5]!, width: it.width, str: it.str });
  }
  const pageWidth = (await doc.getPage(1)).view[2]!;
  await doc.destroy();
  // Runs joined by single spaces: a search across a line break finds its words.
  return { pages: pages.map(oneLine), text: oneLine(pages.join(' ')), runs, pageWidth };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');
const report = (client = f.as.secretariat, sessionId = f.sessionId) => sendRaw(client, 'GET', `/api/sessions/${sessionId}/comments/report.pdf`, undefined);
const post = (client: typeof f.as.delegate, doc: string, page: number, text: string) =>
  client.post(`/api/documents/${doc}/comments`, { page, text }).then((r) => r.json.data as CommentView);

describe('the consolidated report (báo cáo tổng hợp góp ý) as a PDF', () => {
  it('groups comments by draft and page with author, text and response, and its Vietnamese text extracts intact', async () => {
    const policy = await f.addDoc({ title: 'Dự thảo Nghị quyết quy định chính sách hỗ trợ cán bộ, công chức cấp xã sau sắp xếp', pages: 6 });
    const fees = await f.addDoc({ title: 'Dự thảo Nghị quyết về mức thu phí tham quan Khu du lịch Tràng An', pages: 4 });
    const a = await post(f.as.delegate, policy, 3, 'Đề nghị làm rõ đối tượng “người hoạt động không chuyên trách” ở khoản 2 Điều 1; bổ sung thời điểm áp dụng.');
    const b = await post(f.as.delegate2, policy, 3, 'Mức hỗ trợ một lần nên tính theo số năm công tác, tránh cào bằng giữa các xã miền núi và đồng bằng.');
    await post(f.as.chair, policy, 5, 'Cần đánh giá tác động đến ngân sách tỉnh năm 2026.');
    const d = await post(f.as.delegate2, fees, 1, 'Giữ mức phí hiện hành với học sinh, sinh viên và người cao tuổi.');
    await f.as.secretariat.post(`/api/comments/${a.id}/response`, { outcome: 'accepted', text: 'Ban soạn thảo đã bổ sung định nghĩa tại khoản 2 Điều 1 và quy định áp dụng từ ngày 01/8/2026.' });
    await f.as.secretariat.post(`/api/comments/${b.id}/response`, { outcome: 'explained', text: 'Mức hỗ trợ đã tính theo số năm công tác (Điều 4); hệ số vùng do Ủy ban nhân dân tỉnh quy định.' });
    await f.as.secretariat.post(`/api/comments/${d.id}/response`, { outcome: 'accepted', text: 'Đã giữ nguyên mức miễn, giảm tại Điều 5.' });

    const res = await report();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Bao cao tong hop gop y [\d-]+\.pdf"; filename\*=UTF-8''B%C3%A1o%20c%C3%A1o/);
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const { text, pages } = await readPdf(res.bytes);
    for (const s of ['HĐND TỈNH NINH BÌNH', 'BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO NGHỊ QUYẾT', 'Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV', 'Lê Văn Thư',
      'Phạm Quốc Bảo', 'Đặng Thị Hạnh', 'Trần Thị Minh Hoa', 'Tiếp thu:', 'Giải trình:', 'Chưa có phản hồi của cơ quan soạn thảo.', 'Trang 3', 'Trang 5',
      '4 ý kiến · Tiếp thu: 2 · Giải trình: 1 · Chưa phản hồi: 1, trên 2 dự thảo']) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/Lập lúc: \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(giờ Việt Nam\)/);
    // Grouped: the policy draft (page 3, then page 5) before the fees draft; responses under their comments.
    const order = ['1. Dự thảo Nghị quyết quy định chính sách', 'Trang 3', 'Phạm Quốc Bảo', 'Ban soạn thảo đã bổ sung', 'Đặng Thị Hạnh', 'Trang 5', 'Trần Thị Minh Hoa', '2. Dự thảo Nghị quyết về mức thu phí', 'Đã giữ nguyên'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(pages[pages.length - 1]).toContain(`Trang ${pages.length}/${pages.length}`);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), res.bytes);
      execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', join(dir, 'report.pdf'), join(dir, 'page')]);
      renameSync(join(dir, 'page.png'), new URL('comment-report.png', SCREENSHOTS));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wraps long comments inside the margins and carries them onto further pages, each numbered', async () => {
    const g = await buildCommentFixture(server);
    const doc = await g.addDoc({ title: 'Dự thảo Nghị quyết dài', pages: 40 });
    const long = 'Đề nghị cơ quan soạn thảo rà soát, thống nhất cách dùng thuật ngữ “đơn vị hành chính cấp xã sau sắp xếp” trong toàn bộ dự thảo. '.repeat(8);
    for (let page = 1; page <= 30; page++) await post(g.as.delegate, doc, page, `${long}Trang ${page}.`);
    await post(g.as.delegate, doc, 31, `Mã tài liệu: ${'ABCDEFGHIJ'.repeat(20)}`);
    const { pages, runs, pageWidth } = await readPdf((await report(g.as.chair, g.sessionId)).bytes);
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((p, i) => expect(p).toContain(`Trang ${i + 1}/${pages.length}`));
    // Every run of text stays inside the page with its right margin (56 pt), none past the bottom margin's footer.
    for (const r of runs) {
      expect(r.x + r.width, `"${r.str.slice(0, 30)}" on page ${r.page}`).toBeLessThanOrEqual(pageWidth - 55);
      expect(r.y).toBeGreaterThan(20);
    }
    // Pages after the first say which draft they continue.
    expect(pages[2]).toMatch(/^Dự thảo Nghị quyết dài( · trang \d+)? \(tiếp theo\)/);
  }, 60_000);

  it('renders letters typed as base + combining marks, and replaces what the font cannot draw', async () => {
    const g = await buildCommentFixture(server);
    const doc = await g.addDoc({ title: 'Dự thảo', pages: 1 });
    await post(g.as.delegate, doc, 1, 'Nguyễn Thị Ánh Tuyết'.normalize('NFD') + ' đồng ý 👍\tvới\u0007dự thảo');
    const { text } = await readPdf((await report(g.as.secretariat, g.sessionId)).bytes);
    expect(text).toContain('Nguyễn Thị Ánh Tuyết đồng ý ? với dự thảo');
  });

  it('says so when a session has no comments yet', async () => {
    const g = await buildCommentFixture(server);
    const { pages } = await readPdf((await report(g.as.secretariat, g.sessionId)).bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('Chưa có ý kiến góp ý nào đối với các dự thảo của kỳ họp.');
  });

  it('is for the secretariat and the chair only', async () => {
    for (const who of [f.as.delegate, f.as.admin, f.as.observer, f.as.none]) expect((await report(who)).status).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PollView } from '../../contract/poll.js';
import { ok } from '../helpers/acks.js';
import { ballotOf, castVote, chairCommand, controlOf } from '../e2e/votingScreens.js';
import { ENGINES } from '../e2e/browser.js';
import { describeViolations } from './axe.js';
import { axeOf, startPagesWorld, type PagesWorld } from './pagesWorld.js';

/**
 * Every page of the client, in every role that opens it and in the states that matter (a
 * poll open on the tablet, its confirmation dialog, the result on the hall screen), checked
 * by axe-core against WCAG 2.1 A and AA in Chromium and Firefox: no serious or critical
 * violation. The counts per page are printed as a table at the end.
 */
describe.each(ENGINES)('every page passes axe (WCAG 2.1 AA, serious and critical) in %s', (engine) => {
  let w: PagesWorld;
  /** Per page: elements in serious or critical violations, and elements axe left for review. */
  const counts: Array<[string, number, number]> = [];
  const POLL = 'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2026–2030';
  let pollId = '';

  beforeAll(async () => {
    w = await startPagesWorld(engine);
  }, 180_000);
  afterAll(async () => {
    console.log([`axe in ${engine}, WCAG 2.1 A/AA — violations: elements in serious or critical violations; review: elements axe could not decide`, 'violations  review  page', ...counts.map(([n, c, r]) => `${String(c).padStart(10)}  ${String(r).padStart(6)}  ${n}`)].join('\n'));
    await w?.rig.stop();
  });

  /** The page settled: its heading shown and nothing left loading (or 5 s). */
  async function settle(page: Page, ready?: () => Promise<unknown>) {
    await page.locator('h1').first().waitFor();
    if (ready) await ready();
    await page.waitForFunction("!document.querySelector('[aria-busy=\"true\"]')", undefined, { timeout: 5_000 }).catch(() => {});
    // Transitions (fades, dialog openings) finish before colours are measured.
    await page.waitForTimeout(400);
  }

  async function check(name: string, page: Page) {
    const { serious: found, needsReview } = await axeOf(page);
    counts.push([name, found.reduce((n, v) => n + v.targets.length, 0), needsReview]);
    expect.soft(describeViolations(found), name).toEqual([]);
  }

  /** Opens `path` as `who` and checks it once settled. */
  async function visit(name: string, who: keyof typeof ids | 'anonymous', path: string, ready?: (p: Page) => Promise<unknown>, viewport?: { width: number; height: number }) {
    const page = await w.pageOf(who, who === 'anonymous' ? null : ids[who](), viewport);
    await page.goto(w.server.url + path);
    await settle(page, ready && (() => ready(page)));
    await check(name, page);
    return page;
  }
  const ids = {
    delegate: () => w.f.delegate.id, chair: () => w.f.chair.id, secretary: () => w.f.secretary.id,
    admin: () => w.users.admin, observer: () => w.users.observer, operator: () => w.users.operator,
  };
  const HALL = { width: 1920, height: 1080 };

  it('the axe source goes in through the driver although the page\'s CSP forbids inline script and eval', async () => {
    const page = await w.pageOf('anonymous', null);
    const res = await page.goto(w.server.url + '/');
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    // The page's own inline script does not run; the driver's evaluation (axe's way in) does.
    await page.evaluate("(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.append(s); })()");
    expect(await page.evaluate('window.inlineRan === true')).toBe(false);
    await settle(page);
    await check('Đăng nhập (sign-in)', page);
  });

  it('the sign-in page saying the password is wrong', async () => {
    const page = await w.pageOf('anonymous', null);
    await page.getByLabel('Email hoặc số điện thoại').fill(w.f.delegate.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('khong-dung-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    await settle(page);
    await check('Đăng nhập: sai mật khẩu', page);
  });

  it('the set-password and not-found pages', async () => {
    await visit('Đặt mật khẩu (anonymous)', 'anonymous', '/dat-mat-khau');
    await visit('Không tìm thấy trang (delegate)', 'delegate', '/khong-co-trang-nay');
  });

  it('the home page in every role', async () => {
    for (const who of Object.keys(ids) as Array<keyof typeof ids>) await visit(`Trang chủ (${who})`, who, '/');
  });

  it('the session page and the role pickers', async () => {
    await visit('Kỳ họp (delegate)', 'delegate', `/ky-hop/${w.f.sessionId}`, (p) => p.getByText('Thảo luận tại hội trường').first().waitFor());
    await visit('Kỳ họp (chair)', 'chair', `/ky-hop/${w.f.sessionId}`, (p) => p.getByText('Thảo luận tại hội trường').first().waitFor());
    await visit('Chọn kỳ họp để điều hành (chair)', 'chair', '/dieu-hanh');
    await visit('Chọn kỳ họp để chuẩn bị (secretary)', 'secretary', '/chuan-bi');
  });

  it('the dossier list, the dossier and the document viewer', async () => {
    await visit('Tài liệu kỳ họp (delegate)', 'delegate', '/tai-lieu');
    await visit('Hồ sơ kỳ họp (delegate)', 'delegate', `/tai-lieu/${w.f.sessionId}`, (p) => p.getByText('Dự thảo Nghị quyết về ngân sách').first().waitFor());
    await visit('Đọc tài liệu (delegate)', 'delegate', `/tai-lieu/${w.f.sessionId}/${w.docs.draft}`, (p) => p.locator('canvas').first().waitFor());
  });

  it('the delegate tablet before and after checking in', async () => {
    const page = await visit('Máy tính bảng: chưa điểm danh', 'delegate', `/phien-hop/${w.f.sittingId}`, (p) => p.getByRole('button', { name: 'Tôi có mặt' }).waitFor());
    await page.getByRole('button', { name: 'Tôi có mặt' }).click();
    await page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
    await settle(page);
    await check('Máy tính bảng: đã điểm danh', page);
    await w.checkInLate();
  });

  it('the secretariat, the chair and the hall screen with no poll open', async () => {
    await visit('Văn phòng: chuẩn bị (secretary)', 'secretary', `/chuan-bi/${w.f.sessionId}`, (p) => p.getByTestId('poll-form').waitFor());
    await visit('Bàn điều hành (chair)', 'chair', `/dieu-hanh/${w.f.sittingId}`, (p) => p.getByTestId('quorum').first().getByText(/Đủ số đại biểu/).waitFor());
    await visit('Màn hình hội trường: chờ', 'secretary', `/man-hinh/${w.f.sittingId}`, undefined, HALL);
  });

  it('a poll opened from the chair\'s console: the draft, the question before opening', async () => {
    const s = await w.commanders();
    pollId = ok(await s.secretary<PollView>('poll:create', { sittingId: w.f.sittingId, commandId: randomUUID(), title: POLL, kind: 'resolution', secret: true })).id;
    const chair = await visit('Bàn điều hành: bản nháp biểu quyết', 'chair', `/dieu-hanh/${w.f.sittingId}`, (p) => controlOf(p, POLL).waitFor());
    await controlOf(chair, POLL).getByRole('button', { name: 'Mở biểu quyết' }).click();
    const ask = chair.getByRole('dialog', { name: `Mở biểu quyết “${POLL}”?` });
    await ask.waitFor();
    await settle(chair);
    await check('Bàn điều hành: hộp xác nhận mở biểu quyết', chair);
    await ask.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await controlOf(chair, POLL).getByTestId('poll-count').waitFor();
  });

  it('a poll open: the ballot, its confirmation dialog, the chair and the hall count', async () => {
    const tablet = await w.pageOf('delegate', ids.delegate());
    const ballot = ballotOf(tablet, POLL);
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    await settle(tablet);
    await check('Máy tính bảng: phiếu biểu quyết', tablet);
    await ballot.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await tablet.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' }).waitFor();
    await settle(tablet);
    await check('Máy tính bảng: hộp xác nhận phiếu', tablet);
    await tablet.getByRole('dialog').getByRole('button', { name: 'Gửi phiếu' }).click();
    await ballot.getByTestId('voted').waitFor();
    await settle(tablet);
    await check('Máy tính bảng: đã bỏ phiếu', tablet);
    await visit('Bàn điều hành: đang biểu quyết', 'chair', `/dieu-hanh/${w.f.sittingId}`, (p) => p.getByTestId('poll-count').first().waitFor());
    await visit('Màn hình hội trường: đang biểu quyết', 'secretary', `/man-hinh/${w.f.sittingId}`, (p) => p.getByTestId('hall-poll').waitFor(), HALL);
  });

  it('the poll closed: the result on the hall screen, the tablet and the chair', async () => {
    const s = await w.commanders();
    const voters = await Promise.all(w.f.checkedIn.slice(0, 27).map((d) => w.rig.joined(d.id)));
    // More than half of N = 50 in favour: it passes, and its resolution is drafted further on.
    await Promise.all(voters.map((v, i) => castVote(v, pollId, 1, [i < 26 ? 'yes' : 'no'])));
    await chairCommand(s.chair, 'poll:close', pollId);
    const hall = await w.pageOf('secretary', ids.secretary(), HALL);
    await hall.getByTestId('hall-poll').getByTestId('poll-results').waitFor();
    await settle(hall);
    await check('Màn hình hội trường: kết quả', hall);
    const tablet = await w.pageOf('delegate', ids.delegate());
    await ballotOf(tablet, POLL).getByTestId('poll-results').waitFor();
    await settle(tablet);
    await check('Máy tính bảng: kết quả', tablet);
    await visit('Bàn điều hành: kết quả', 'chair', `/dieu-hanh/${w.f.sittingId}`, (p) => p.getByTestId('poll-results').first().waitFor());
  });

  it('the floor: the delegate\'s request, the chair\'s queue, the speaker\'s tablet and the hall\'s timer', async () => {
    const s = await w.commanders();
    const sittingId = w.f.sittingId;
    const tablet = await w.pageOf('delegate', ids.delegate());
    await tablet.getByRole('button', { name: 'Đăng ký phát biểu', exact: true }).click();
    await tablet.getByTestId('my-request').waitFor();
    ok(await (await w.rig.joined(w.f.checkedIn[0]!.id))('floor:request', { sittingId, commandId: randomUUID(), kind: 'debate' }));
    await settle(tablet);
    await check('Máy tính bảng: đã đăng ký phát biểu', tablet);
    await visit('Bàn điều hành: danh sách đăng ký phát biểu', 'chair', `/dieu-hanh/${sittingId}`, (p) => p.getByTestId('speaker-queue').getByText('Danh sách đăng ký (2)').waitFor());
    const queue = (await w.server.deps.models.Sitting.findById(sittingId).lean())!.queue;
    ok(await s.chair('floor:grant', { sittingId, commandId: randomUUID(), requestId: queue.find((q) => q.userId === w.f.delegate.id)!.requestId }));
    await tablet.getByRole('button', { name: 'Kết thúc phát biểu', exact: true }).waitFor();
    await settle(tablet);
    await check('Máy tính bảng: đang phát biểu', tablet);
    const hall = await w.pageOf('secretary', ids.secretary(), HALL);
    await hall.getByText(w.f.delegate.displayName).first().waitFor();
    await settle(hall);
    await check('Màn hình hội trường: đang phát biểu', hall);
    const chair = await w.pageOf('chair', ids.chair());
    await settle(chair);
    await check('Bàn điều hành: đang có người phát biểu', chair);
    ok(await s.chair('floor:end', { sittingId, commandId: randomUUID() }));
  });

  it('comments, convening and records', async () => {
    await visit('Góp ý dự thảo (secretary)', 'secretary', `/gop-y/${w.f.sessionId}`, (p) => p.getByText('Đề nghị làm rõ nguồn vốn').first().waitFor());
    await visit('Triệu tập kỳ họp (secretary)', 'secretary', `/trieu-tap/${w.f.sessionId}`);
    await visit('Biên bản phiên họp (secretary)', 'secretary', `/bien-ban/${w.f.sittingId}`);
  });

  it('an adopted resolution: the session\'s list, its page before and after the draft, and the chair\'s signing dialog', async () => {
    await visit('Kỳ họp: nghị quyết đã thông qua (secretary)', 'secretary', `/ky-hop/${w.f.sessionId}`, (p) => p.getByTestId('resolutions').waitFor());
    const page = await visit('Nghị quyết: chưa soạn (secretary)', 'secretary', `/nghi-quyet/${pollId}`, (p) => p.getByTestId('draft-resolution').waitFor());
    await page.getByTestId('draft-resolution').click();
    await page.getByTestId('resolution-rendered').waitFor();
    await settle(page);
    await check('Nghị quyết: dự thảo (secretary)', page);
    const chair = await visit('Nghị quyết: dự thảo (chair)', 'chair', `/nghi-quyet/${pollId}`, (p) => p.getByTestId('sign').waitFor());
    await chair.getByTestId('sign').click();
    await chair.getByRole('dialog').getByTestId('sign-form').waitFor();
    await settle(chair);
    await check('Nghị quyết: hộp ký ban hành (chair)', chair);
    await chair.keyboard.press('Escape');
  });

  it('the meeting room, the briefings list and the observer page', async () => {
    await visit('Họp trực tuyến (delegate)', 'delegate', `/hop-truc-tuyen/${w.f.sittingId}`);
    await visit('Phòng họp trực tuyến (operator)', 'operator', '/hop-truc-tuyen');
    await visit('Theo dõi phiên họp (observer)', 'observer', '/theo-doi');
  });

  it('every tab of the administration', async () => {
    const page = await visit('Quản trị: Đơn vị (admin)', 'admin', '/quan-tri', (p) => p.getByRole('tabpanel').getByRole('heading').first().waitFor());
    for (const tab of ['Hội đồng', 'Thành viên', 'Điểm cầu', 'Nhập đại biểu (CSV)', 'Tài khoản', 'Chữ ký số']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByRole('tab', { name: tab, exact: true, selected: true }).waitFor();
      await settle(page, () => page.getByRole('tabpanel').getByRole('heading').first().waitFor());
      await check(`Quản trị: ${tab} (admin)`, page);
    }
  });

  it('the public portal: councils, calendar, sitting, document and delegates', async () => {
    const council = String(w.f.council._id);
    await visit('Cổng công khai', 'anonymous', '/cong-khai', (p) => p.getByText('HĐND tỉnh Ninh Bình').first().waitFor());
    await visit('Cổng công khai: lịch họp', 'anonymous', `/cong-khai/hoi-dong/${council}`);
    await visit('Cổng công khai: phiên họp', 'anonymous', `/cong-khai/phien-hop/${w.f.sittingId}`);
    await visit('Cổng công khai: tài liệu', 'anonymous', `/cong-khai/phien-hop/${w.f.sittingId}/tai-lieu/${w.docs.report}`);
    await visit('Cổng công khai: đại biểu', 'anonymous', `/cong-khai/dai-bieu/${council}`);
  });
});

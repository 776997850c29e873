import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { startSmtpListener } from '../helpers/smtpListener.js';
import { fixture } from '../helpers/documentFixtures.js';
import { MediaService } from '../../media/src/MediaService.js';
import { WorkerPool } from '../../media/src/WorkerPool.js';
import { buildClient, textOf, watchProblems, type Opened } from './browser.js';
import { launchChromiumWithFakeMedia, peerIdOf, waitForFlowing } from './mediaBrowser.js';
import { seedPdf } from './viewerHelpers.js';
import { firstRun, resetCode, setPasswordWithCode, shotsAt, takeCode } from './fromEmptySteps.js';

/**
 * A council's first session from an empty system, through the pages only (README, "Your first
 * session"): the first administrator, the province council with N and its delegates (a CSV
 * import, an account made by hand, a password reset with a one-time code), a commune meeting
 * point and its operator; the secretariat's session with two sittings, agenda, two PDFs
 * uploaded with their progress, a poll, publication and the invitations e-mailed; delegates
 * who open the invitation, read a document, check in to a quorum of N and vote; a delegate at
 * the commune point given the floor, the commune room heard in the hall; the sitting closed
 * and its minutes generated, edited, signed and downloaded. Every screen is photographed at
 * 1024×768 and 1440×900 (test-results/screenshots/first-*.png).
 */

const PROVINCE = 'Tỉnh Hà Tĩnh';
const COUNCIL = 'Hội đồng nhân dân tỉnh Hà Tĩnh';
const N = 12;
const QUORUM = Math.ceil((N * 2) / 3);
const COMMUNE = 'Xã Cẩm Xuyên';
const ROOM = 'Phòng họp xã Cẩm Xuyên';
const SESSION = 'Kỳ họp thứ nhất năm 2027';
const OPENING = 'Phiên khai mạc';
const SECOND = 'Phiên thảo luận';
const ITEMS = ['Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội', 'Xem xét, thông qua nghị quyết về kế hoạch đầu tư công'];
const DOCS = [
  { file: 'to-trinh-ke-hoach-dau-tu.pdf', title: 'Tờ trình về kế hoạch đầu tư công năm 2027', bytes: () => fixture('tap-tai-lieu-500-trang.pdf') },
  { file: 'du-thao-nghi-quyet.pdf', title: 'Dự thảo nghị quyết về kế hoạch đầu tư công', bytes: () => seedPdf('du-thao-nghi-quyet.pdf') },
];
const POLL = 'Nghị quyết về kế hoạch đầu tư công năm 2027';

const admin = { name: 'Nguyễn Văn Quản', login: 'quantri@hatinh.gov.vn', password: 'mat-khau-quan-tri' };
const chair = { name: 'Lê Thị Chủ Tọa', login: 'chutoa@hatinh.gov.vn', password: 'mat-khau-chu-toa' };
const secretary = { name: 'Trần Văn Thư Ký', login: 'thuky@hatinh.gov.vn', password: 'mat-khau-thu-ky' };
const operator = { name: 'Phan Văn Vận Hành', login: 'diemcau@hatinh.gov.vn', password: 'mat-khau-diem-cau' };
/** N delegates: eleven from the CSV, one account made by hand in Tài khoản. */
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Hạnh', 'Khoa', 'Lâm', 'Mai', 'Nam', 'Oanh'];
const delegates = GIVEN.map((g, i) => ({ name: `${i % 2 ? 'Trần Thị' : 'Nguyễn Văn'} ${g}`, login: `daibieu${String(i + 1).padStart(2, '0')}@hatinh.gov.vn`, password: `mat-khau-dai-bieu-${i + 1}` }));
const byHand = delegates[N - 1]!;
/** A delegate in the hall who checks in and votes on her own tablet. */
const inHall = delegates[1]!;
/** A delegate whose membership names the commune's meeting point. */
const atRoom = delegates[2]!;
const CSV = [
  'STT;Họ và tên;Đơn vị;Vai trò;Email;Điện thoại',
  `1;${chair.name};;chủ tọa;${chair.login};`,
  `2;${secretary.name};;thư ký;${secretary.login};`,
  ...delegates.slice(0, N - 1).map((d, i) => `${i + 3};${d.name};${d === atRoom ? COMMUNE : ''};đại biểu;${d.login};`),
].join('\r\n');

/** Every text run of a PDF, joined by single spaces. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: VerbosityLevel.ERRORS }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}

describe('a council’s first session from an empty system, through the pages only (Chromium)', () => {
  let server: TestServer;
  let media: MediaService;
  let browser: Browser;
  let distDir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  /** What a real user would find wrong on a screen: sideways scrolling, small targets. */
  const layout: string[] = [];
  const opened: Opened[] = [];
  const codes: Record<string, string> = {};
  let adminPage: Page;
  let clerk: Opened;
  let chairSide: Opened;
  let hallTablet: Opened;
  let roomTablet: Opened;
  let room: Opened;
  let hall: Page;
  let sessionId = '';
  let sittingId = '';
  let roomId = '';

  beforeAll(async () => {
    distDir = await buildClient();
    smtp = await startSmtpListener();
    const pool = await WorkerPool.create({ size: 1, listen: { ip: '127.0.0.1', portRange: { min: 46000, max: 46999 } }, respawnDelayMs: 200 });
    media = MediaService.withPool(pool, {
      transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000 },
      consumerBudget: 500,
    });
    server = await startTestServer({ env: { CLIENT_DIST: distDir, ...smtp.env }, media });
    browser = await launchChromiumWithFakeMedia();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    media?.close();
    await smtp?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const shots = (page: Page, name: string) => shotsAt(page, 'first', name, layout);
  const tab = async (name: string, heading: string) => {
    await adminPage.getByRole('tab', { name, exact: true }).click();
    await adminPage.getByRole('heading', { name: heading, level: 2 }).waitFor();
  };
  const accountRow = (login: string) => adminPage.getByTestId('account-row').filter({ hasText: login });
  const memberRow = (login: string) => adminPage.getByTestId('member-row').filter({ hasText: login });
  const pointCard = (name: string) => adminPage.getByTestId('point-card').filter({ has: adminPage.getByRole('heading', { name, exact: true }) });
  const deskRow = (name: string) => clerk.page.getByTestId('attendance-desk').locator('[data-user-id]').filter({ has: clerk.page.getByText(name, { exact: true }) });
  const quorumOf = (p: Page) => p.getByTestId('quorum').first();
  const ballotOf = (p: Page, title: string) => p.getByTestId('ballot').filter({ has: p.getByRole('heading', { name: title, exact: true }) });
  const controlOf = (p: Page, title: string) => p.getByTestId('poll-control').filter({ has: p.getByRole('heading', { name: title, exact: true }) });
  const signIn = async (who: { login: string; name: string; password: string }, viewport = { width: 1024, height: 768 }): Promise<Opened> => {
    // The password page photographed once, for the secretary.
    const filled = who === secretary ? (p: Page) => shots(p, 'set-password') : undefined;
    const o = await setPasswordWithCode(browser, server.url, { ...who, code: codes[who.login]! }, { viewport, hasTouch: viewport.width <= 1024, acceptDownloads: true }, filled);
    opened.push(o);
    return o;
  };

  it('the first-run page creates the administrator, the province and its council with N', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    adminPage = await context.newPage();
    opened.push({ context, page: adminPage, problems: watchProblems(adminPage) });
    await firstRun(adminPage, server.url, { province: PROVINCE, electedTotal: N, term: 'Khóa XIX (2026–2031)', admin }, () => shots(adminPage, 'first-run'));
    await shots(adminPage, 'admin-home');
    await adminPage.getByRole('link', { name: /Quản trị hệ thống/ }).click();
    await adminPage.getByRole('heading', { name: 'Quản trị hệ thống', level: 1 }).waitFor();
    await tab('Hội đồng', 'Hội đồng nhân dân');
    const council = adminPage.getByTestId('council-row').filter({ has: adminPage.getByText(COUNCIL, { exact: true }) });
    expect(await council.locator('td').nth(3).innerText()).toBe(String(N));
    await shots(adminPage, 'admin-councils');
  }, 90_000);

  it('the administrator adds the commune and its meeting point', async () => {
    await tab('Đơn vị', 'Đơn vị hành chính');
    await adminPage.getByRole('button', { name: 'Thêm đơn vị' }).click();
    const unit = adminPage.locator('form', { has: adminPage.getByRole('heading', { name: 'Thêm đơn vị' }) });
    await unit.getByLabel('Tên đơn vị').fill(COMMUNE);
    await unit.getByLabel('Mã đơn vị hành chính').fill('18652');
    await unit.getByLabel('Loại đơn vị').selectOption({ label: 'Xã' });
    await unit.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await adminPage.getByTestId('unit-row').filter({ has: adminPage.getByText(COMMUNE, { exact: true }) }).waitFor();
    await shots(adminPage, 'admin-units');

    await tab('Điểm cầu', 'Điểm cầu');
    await adminPage.getByRole('button', { name: 'Thêm điểm cầu' }).click();
    const point = adminPage.locator('form', { has: adminPage.getByRole('heading', { name: 'Thêm điểm cầu' }) });
    await point.getByLabel('Thuộc đơn vị').selectOption({ label: COMMUNE });
    await point.getByLabel('Tên điểm cầu').fill(ROOM);
    await point.getByLabel('Địa chỉ').fill('Trụ sở UBND xã Cẩm Xuyên');
    await point.getByLabel('Số chỗ ngồi').fill('40');
    await point.getByRole('button', { name: 'Tạo điểm cầu' }).click();
    await pointCard(ROOM).waitFor();
    expect(await textOf(pointCard(ROOM))).toContain(`${COMMUNE} · Trụ sở UBND xã Cẩm Xuyên · 40 chỗ`);
  }, 90_000);

  it('imports the chair, the secretary and eleven delegates from a CSV file (a dry run first)', async () => {
    await tab('Nhập đại biểu (CSV)', 'Nhập danh sách đại biểu từ tệp CSV');
    await adminPage.getByLabel('Tệp CSV danh sách đại biểu').setInputFiles({ name: 'dai-bieu-khoa-XIX.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await adminPage.getByRole('button', { name: 'Kiểm tra trước (chưa ghi)' }).click();
    const summary = adminPage.getByTestId('import-summary');
    await summary.getByText(`Kiểm tra xong, chưa ghi gì: ${N + 1} dòng hợp lệ sẽ được nhập, 0 dòng bị từ chối.`).waitFor();
    await adminPage.getByRole('button', { name: 'Nhập danh sách' }).click();
    await adminPage.getByRole('dialog', { name: 'Nhập danh sách đại biểu?' }).getByRole('button', { name: 'Nhập danh sách' }).click();
    await summary.getByText(`Đã nhập ${N + 1} dòng; 0 dòng bị từ chối.`).waitFor();
    await shots(adminPage, 'admin-import');
  }, 90_000);

  it('creates the operator’s and the twelfth delegate’s accounts by hand and gives one-time codes to those who sign in', async () => {
    await tab('Tài khoản', 'Tài khoản');
    // The operator first: the form keeps the last council and role chosen, for a run of delegates.
    for (const p of [operator, byHand]) {
      await adminPage.getByRole('button', { name: 'Tạo tài khoản' }).first().click();
      const form = adminPage.locator('form', { has: adminPage.getByRole('heading', { name: 'Tạo tài khoản' }) });
      await form.getByLabel('Họ và tên').fill(p.name);
      await form.getByLabel('Tên đăng nhập').fill(p.login);
      await form.getByLabel('Email').fill(p.login);
      if (p === byHand) {
        await form.getByLabel('Hội đồng (vai trò ban đầu)').selectOption({ label: COUNCIL });
        await form.getByLabel('Vai trò', { exact: true }).selectOption('delegate');
        await shots(adminPage, 'admin-account-create');
      }
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await adminPage.getByTestId('one-time-code-value').waitFor();
      if (p === operator) await shots(adminPage, 'admin-account-code');
      codes[p.login] = await takeCode(adminPage);
      await accountRow(p.login).waitFor();
    }
    // The imported accounts have no password yet: each who signs in gets a code.
    for (const p of [secretary, chair, inHall, atRoom]) {
      expect(await textOf(accountRow(p.login))).toContain('Chưa đặt mật khẩu');
      codes[p.login] = await resetCode(adminPage, accountRow(p.login), p.name);
    }
    for (const code of Object.values(codes)) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await shots(adminPage, 'admin-accounts');
  }, 120_000);

  it('gives the commune delegate the commune’s meeting point and assigns the operator to it', async () => {
    await tab('Thành viên', 'Thành viên hội đồng');
    const row = memberRow(atRoom.login);
    expect(await row.locator('td').nth(2).innerText()).toBe(COMMUNE);
    await row.getByRole('button', { name: new RegExp(`Đổi đơn vị, điểm cầu của ${atRoom.name}`) }).click();
    const place = adminPage.getByTestId('member-place-form');
    await place.getByLabel('Điểm cầu').selectOption({ label: ROOM });
    await place.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => row.locator('td').nth(3).innerText()).toBe(ROOM);
    expect(await memberRow(byHand.login).locator('td').nth(1).innerText()).toBe('Đại biểu');
    await shots(adminPage, 'admin-members');

    await tab('Điểm cầu', 'Điểm cầu');
    const card = pointCard(ROOM);
    await card.getByRole('button', { name: `Phân công người vận hành cho ${ROOM}` }).click();
    await card.getByLabel(/Người được cấp vai trò/).fill(operator.login);
    await card.getByRole('button', { name: 'Tìm', exact: true }).click();
    await card.getByRole('radio', { name: new RegExp(operator.name) }).check();
    await card.getByRole('button', { name: 'Phân công', exact: true }).click();
    await card.getByRole('button', { name: `Gỡ ${operator.name} khỏi ${ROOM}` }).waitFor();
    expect(await textOf(card)).toContain(`Người vận hành ${operator.name} (${operator.login})`);
    await shots(adminPage, 'admin-points');
    roomId = String((await server.deps.models.MeetingPoint.findOne({ name: ROOM }).lean<{ _id: unknown }>())!._id);
  }, 90_000);

  it('the secretary sets a password with the code and creates the session with its agenda and two sittings, the opening one with the commune room', async () => {
    clerk = await signIn(secretary, { width: 1440, height: 900 });
    const page = clerk.page;
    await shots(page, 'secretary-home');
    await page.getByRole('link', { name: /Chuẩn bị kỳ họp/ }).click();
    await page.getByRole('heading', { name: 'Chuẩn bị kỳ họp' }).waitFor();
    await page.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    const form = page.getByTestId('session-form');
    await form.getByLabel('Số kỳ họp').fill('Kỳ họp thứ 1');
    await form.getByLabel('Tên kỳ họp').fill(SESSION);
    await form.getByLabel('Loại kỳ họp').selectOption('regular');
    await form.getByLabel('Ngày khai mạc').fill('2027-07-06');
    await form.getByLabel('Ngày bế mạc').fill('2027-07-07');
    await form.getByLabel('Địa điểm').fill('Hội trường HĐND tỉnh Hà Tĩnh');
    await shots(page, 'prepare-session-form');
    await form.getByRole('button', { name: 'Tạo kỳ họp' }).click();
    await page.getByRole('heading', { name: SESSION, level: 1 }).waitFor();
    sessionId = new URL(page.url()).pathname.split('/').pop()!;

    for (const title of ITEMS) {
      await page.getByRole('button', { name: 'Thêm nội dung' }).first().click();
      await page.getByLabel('Tên nội dung').fill(title);
      await page.getByRole('button', { name: 'Thêm vào chương trình' }).click();
      await page.locator('section', { has: page.getByRole('heading', { name: 'Soạn chương trình' }) }).getByText(title).first().waitFor();
    }
    const sittingCard = (title: string) => page.getByTestId('prep-sitting').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    for (const [title, date, time, venue, item] of [[OPENING, '2027-07-06', '08:00', 'Hội trường tầng 2', ITEMS[0]!], [SECOND, '2027-07-07', '14:00', 'Hội trường tầng 2', ITEMS[1]!]] as const) {
      await page.getByRole('button', { name: 'Thêm phiên họp' }).click();
      const sitting = page.getByTestId('sitting-form');
      await sitting.getByLabel('Tên phiên họp').fill(title);
      await sitting.getByLabel('Ngày họp').fill(date);
      await sitting.getByLabel('Giờ bắt đầu').fill(time);
      await sitting.getByLabel('Địa điểm').fill(venue);
      await sitting.getByLabel(item).check();
      if (title === OPENING) {
        await sitting.getByTestId('sitting-meeting-points').getByLabel(new RegExp(ROOM)).check();
        await shots(page, 'prepare-sitting-form');
      }
      await sitting.getByRole('button', { name: 'Tạo phiên họp' }).click();
      await sittingCard(title).waitFor();
    }
    expect(await textOf(sittingCard(OPENING))).toContain('06/07/2027, lúc 08:00');
    const stored = await server.deps.models.Sitting.findOne({ title: OPENING }).lean<{ _id: unknown; meetingPointIds: unknown[] }>();
    expect(stored!.meetingPointIds.map(String)).toEqual([roomId]);
    sittingId = String(stored!._id);
  }, 120_000);

  it('uploads two PDFs from the page, each with its progress, then prepares a poll and publishes the sittings', async () => {
    const page = clerk.page;
    const manager = page.getByTestId('document-manager');
    const row = (file: string) => manager.locator(`[data-testid="upload-row"][data-file-name="${file}"]`);
    await manager.getByLabel('Nội dung chương trình').selectOption({ label: `2. ${ITEMS[1]}` });
    await manager.getByLabel('Chọn tệp PDF').setInputFiles(DOCS.map((d) => ({ name: d.file, mimeType: 'application/pdf', buffer: d.bytes() })));
    await expect.poll(() => manager.getByTestId('upload-row').count()).toBe(2);
    for (const d of DOCS) await row(d.file).getByLabel('Tên tài liệu').fill(d.title);
    await row(DOCS[1]!.file).getByLabel('Loại tài liệu').selectOption('draft_resolution');
    await shots(page, 'prepare-upload-ready');
    // A slow link, so the bar is seen moving and not only full.
    const cdp = await clerk.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 500 * 1024 });
    await manager.getByRole('button', { name: 'Tải lên 2 tệp' }).click();
    const bar = row(DOCS[0]!.file).getByTestId('upload-progress');
    await expect.poll(async () => Number(await bar.getAttribute('data-value')), { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('data-value'))).toBeLessThan(100);
    await shots(page, 'prepare-uploading');
    for (const d of DOCS) await expect.poll(() => row(d.file).getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    for (const d of DOCS) {
      expect(await row(d.file).getByTestId('upload-progress').getAttribute('data-value')).toBe('100');
      await manager.locator(`[data-testid="managed-doc"][data-title="${d.title}"]`).waitFor();
    }
    await shots(page, 'prepare-uploaded');

    // The poll of the opening sitting: the desk follows the sitting chosen beside the attendance
    // (the one just added, the second), and its heading names it.
    const desk = page.getByTestId('poll-desk');
    await desk.getByRole('heading', { name: `Biểu quyết của phiên họp “${SECOND}”`, level: 2 }).waitFor();
    await page.getByLabel('Phiên họp', { exact: true }).selectOption({ label: OPENING });
    await desk.getByRole('heading', { name: `Biểu quyết của phiên họp “${OPENING}”`, level: 2 }).waitFor();
    const pollForm = page.getByTestId('poll-form');
    await pollForm.getByLabel('Loại biểu quyết').selectOption('resolution');
    await pollForm.getByLabel('Tên cuộc biểu quyết').fill(POLL);
    await shots(page, 'prepare-poll-form');
    await pollForm.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await pollForm.getByText(`Đã tạo bản nháp “${POLL}”`).waitFor();
    await controlOf(page, POLL).getByText('Nháp', { exact: true }).waitFor();

    for (const title of [OPENING, SECOND]) {
      const card = page.getByTestId('prep-sitting').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
      await card.getByRole('button', { name: `Công bố phiên họp “${title}”` }).click();
      const dialog = page.getByRole('dialog', { name: `Công bố phiên họp “${title}”?` });
      if (title === OPENING) await shots(page, 'prepare-publish-confirm');
      await dialog.getByRole('button', { name: 'Công bố phiên họp' }).click();
      await expect.poll(() => card.locator('[data-status]').first().getAttribute('data-status')).toBe('published');
    }
    await shots(page, 'prepare-workspace');
  }, 180_000);

  it('sends the invitations from Triệu tập; the local mail server receives one with its PDF for each invitee', async () => {
    const page = clerk.page;
    await page.goto(`${server.url}/ky-hop/${sessionId}`);
    await page.getByRole('link', { name: 'Triệu tập' }).click();
    await page.getByRole('heading', { name: 'Triệu tập kỳ họp', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/trieu-tap/${sessionId}`);
    await page.getByRole('button', { name: 'Tạo giấy mời' }).click();
    const status = page.getByTestId('convening-status');
    await status.filter({ hasText: /^Đã tạo thông báo và \d+ giấy mời\.$/ }).waitFor();
    const invitees = Number(/và (\d+) giấy mời/.exec(await status.innerText())![1]);
    // Every delegate, the chair and the secretary who takes part… at least the N delegates and the chair.
    expect(invitees).toBeGreaterThanOrEqual(N + 1);
    await page.getByRole('button', { name: 'Gửi thư mời' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gửi thư mời?' });
    await dialog.getByText(`Gửi e-mail kèm giấy mời (PDF) tới ${invitees} người chưa được gửi.`).waitFor();
    await shots(page, 'convening-confirm');
    await dialog.getByRole('button', { name: 'Gửi thư mời' }).click();
    await status.filter({ hasText: /^Đã gửi \d+ thư/ }).waitFor();
    expect(await status.innerText()).toBe(`Đã gửi ${invitees} thư, 0 thư không gửi được, 0 người đã nhận từ trước.`);
    const to = smtp.received.map((m) => m.to[0]);
    expect(to).toHaveLength(invitees);
    for (const p of [chair, ...delegates]) expect(to).toContain(p.login);
    expect(smtp.received.every((m) => m.attachments[0]?.contentType === 'application/pdf')).toBe(true);
    const mail = smtp.received.find((m) => m.to[0] === inHall.login)!;
    expect(mail.text).toContain(`Kính gửi Ông/Bà ${inHall.name}`);
    expect(mail.text).toContain('Kỳ họp thứ 1 (từ ngày 06/07/2027 đến ngày 07/07/2027');
    await shots(page, 'convening-sent');
  }, 90_000);

  it('a delegate sets her password, opens the invitation, reads a document and checks in on her tablet', async () => {
    hallTablet = await signIn(inHall);
    const page = hallTablet.page;
    await page.getByRole('heading', { name: 'Giấy mời họp' }).waitFor();
    const card = page.getByTestId('invitation-card');
    expect(await card.getByTestId('invitation-state').innerText()).toBe('Mới');
    await shots(page, 'delegate-home');
    const [popup] = await Promise.all([hallTablet.context.waitForEvent('page'), card.getByRole('link', { name: `Mở giấy mời: ${SESSION}` }).click()]);
    await popup.waitForLoadState().catch(() => {});
    await popup.close();
    await expect.poll(() => card.getByTestId('invitation-state').innerText()).toBe('Đã xem');

    await page.getByRole('link', { name: `Xem kỳ họp: ${SESSION}` }).click();
    await page.getByRole('heading', { name: SESSION }).waitFor();
    await shots(page, 'delegate-session');
    await page.getByRole('link', { name: 'Tài liệu kỳ họp' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ tài liệu kỳ họp' }).waitFor();
    await shots(page, 'delegate-dossier');
    await page.getByRole('link', { name: `Đọc “${DOCS[1]!.title}”` }).click();
    await page.getByTestId('page-canvas').waitFor();
    await expect.poll(() => page.getByTestId('text-layer').locator('span').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    expect(await page.getByTestId('page-status').innerText()).toMatch(/^trên \d+$/);
    await shots(page, 'delegate-viewer');

    await page.goto(`${server.url}/phien-hop/${sittingId}`);
    await page.getByRole('button', { name: 'Tôi có mặt' }).click();
    await page.getByTestId('checkin').getByText(/Có mặt tại hội trường/).waitFor();
    await shots(page, 'delegate-tablet-checked-in');
  }, 120_000);

  it('the commune delegate checks in online from the commune room; the secretariat checks in most of the others from its desk until a quorum of N', async () => {
    roomTablet = await signIn(atRoom);
    await roomTablet.page.goto(`${server.url}/phien-hop/${sittingId}`);
    await roomTablet.page.getByRole('button', { name: 'Tôi tham dự trực tuyến' }).click();
    // The tablet says where he attends from: the commune room, his membership's point, which the sitting includes.
    await roomTablet.page.getByTestId('checkin').getByText(new RegExp(`^Trực tuyến · ${ROOM} · lúc \\d\\d:\\d\\d$`)).waitFor();

    const page = clerk.page;
    await page.goto(`${server.url}/chuan-bi/${sessionId}`);
    await page.getByTestId('attendance-desk').waitFor();
    await expect.poll(() => deskRow(atRoom.name).getAttribute('data-status')).toBe('online');
    expect(await textOf(deskRow(atRoom.name).locator('.now'))).toContain(ROOM);
    await expect.poll(() => deskRow(inHall.name).getAttribute('data-status')).toBe('hall');
    const rest = delegates.filter((d) => d !== inHall && d !== atRoom).slice(0, QUORUM - 2);
    for (const d of rest) {
      await deskRow(d.name).getByRole('button', { name: 'Có mặt', exact: true }).click();
      await expect.poll(() => deskRow(d.name).getAttribute('data-status')).toBe('hall');
    }
    await shots(page, 'prepare-attendance');
  }, 120_000);

  it('the chair sets a password, sees the quorum on the console and opens the sitting', async () => {
    chairSide = await signIn(chair, { width: 1440, height: 900 });
    const page = chairSide.page;
    await page.goto(`${server.url}/dieu-hanh/${sittingId}`);
    await page.getByRole('heading', { name: OPENING }).waitFor();
    await expect.poll(() => quorumOf(page).innerText()).toContain(`Đủ số đại biểu: có mặt ${QUORUM}/${N}, cần ${QUORUM}`);
    await shots(page, 'chair-console-ready');
    await page.getByRole('button', { name: 'Khai mạc phiên họp' }).click();
    const dialog = page.getByRole('dialog', { name: `Khai mạc phiên họp “${OPENING}”?` });
    await dialog.getByRole('button', { name: 'Khai mạc phiên họp' }).click();
    await page.getByText('Đang họp').first().waitFor();
    await hallTablet.page.getByText('Đang họp').first().waitFor();
    // The first item of the sitting is taken up; the tablets follow.
    await page.getByRole('button', { name: `Chuyển đến: 1. ${ITEMS[0]}` }).click();
    await page.getByTestId('current-item').getByText(ITEMS[0]!).waitFor();
    await hallTablet.page.getByTestId('current-item').getByText(ITEMS[0]!).waitFor();
  }, 90_000);

  it('the commune room’s operator asks for the floor for its delegate, the chair gives it: the commune room holds the floor and the hall hears it', async () => {
    room = await signIn(operator, { width: 1280, height: 900 });
    await room.page.goto(`${server.url}/hop-truc-tuyen/${sittingId}`);
    hall = await chairSide.context.newPage();
    opened.push({ context: chairSide.context, page: hall, problems: watchProblems(hall) });
    await hall.goto(`${server.url}/hop-truc-tuyen/${sittingId}`);
    for (const p of [room.page, hall]) await p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 45_000 });
    await expect.poll(() => hall.getByTestId('room-thumbnail').count(), { timeout: 20_000 }).toBe(1);

    // The delegate raises a hand in the commune room; its operator asks for the floor on his behalf.
    const inRoom = room.page.getByTestId('room-delegates').locator('[data-user-id]').filter({ hasText: atRoom.name });
    await inRoom.getByText(/^Đã điểm danh tại điểm cầu · \d\d:\d\d$/).waitFor();
    await inRoom.getByRole('button', { name: `Đăng ký phát biểu cho ${atRoom.name}` }).click();
    await inRoom.getByTestId('queue-place').getByText('Đã đăng ký · thứ 1').waitFor();
    await shots(room.page, 'room-request');
    const console = chairSide.page;
    const request = console.getByTestId('speaker-queue').locator('li', { hasText: atRoom.name });
    await request.waitFor();
    expect(await textOf(request)).toContain(`tại ${ROOM}`);
    await shots(console, 'chair-queue');
    await request.getByRole('button', { name: `Mời phát biểu: ${atRoom.name}` }).click();
    await console.getByTestId('speaker-timer').getByText(atRoom.name).waitFor();

    await expect.poll(() => room.page.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe(roomId);
    await expect.poll(() => hall.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe(roomId);
    const roomPeer = await peerIdOf(hall, { role: 'room', meetingPointId: roomId });
    expect(roomPeer).not.toBeNull();
    const audio = await waitForFlowing(hall, (s) => s.find((x) => x.kind === 'audio' && x.peerId === roomPeer), 30_000);
    expect(audio.bytesReceived).toBeGreaterThan(0);
    await inRoom.getByText('Đang phát biểu').waitFor();
    expect(await textOf(console.getByTestId('speaker-timer'))).toContain(`tại ${ROOM}`);
    await shots(room.page, 'room-floor');
    await shots(hall, 'hall-floor');
    await shots(console, 'chair-speaking');
    await shots(roomTablet.page, 'delegate-room-tablet-speaking');
    await console.getByRole('button', { name: 'Kết thúc lượt phát biểu' }).click();
    await expect.poll(() => room.page.getByTestId('floor-video').getAttribute('data-floor'), { timeout: 20_000 }).toBe('');
  }, 150_000);

  it('the chair opens the poll the secretariat prepared; the two delegates vote on their tablets; the chair ends it and the result counts against N', async () => {
    const console = chairSide.page;
    const control = controlOf(console, POLL);
    await control.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await console.getByRole('dialog', { name: `Mở biểu quyết “${POLL}”?` }).getByRole('button', { name: 'Mở biểu quyết' }).click();
    await control.getByTestId('poll-count').getByText(`Đã bỏ phiếu: 0/${N}`).waitFor();
    const votes: Array<[Opened, string]> = [[hallTablet, 'Đồng ý'], [roomTablet, 'Đồng ý']];
    for (const [tablet, choice] of votes) {
      const ballot = ballotOf(tablet.page, POLL);
      await ballot.getByRole('button', { name: choice, exact: true }).click();
      const dialog = tablet.page.getByRole('dialog', { name: 'Xác nhận phiếu biểu quyết' });
      await dialog.getByText(`Bạn chọn: ${choice}.`).waitFor();
      if (tablet === hallTablet) await shots(tablet.page, 'delegate-ballot-confirm');
      await dialog.getByRole('button', { name: 'Gửi phiếu' }).click();
      await ballot.getByTestId('voted').getByText(`Bạn đã biểu quyết: ${choice}`).waitFor();
    }
    await control.getByTestId('poll-count').getByText(`Đã bỏ phiếu: ${votes.length}/${N}`).waitFor();
    await control.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await console.getByRole('dialog', { name: `Kết thúc biểu quyết “${POLL}”?` }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    const results = control.getByTestId('poll-results');
    await results.waitFor();
    // Two ballots of N = 12: more than half of N is needed, so it does not pass.
    expect(await results.getAttribute('data-outcome')).toBe('FAILED');
    expect(await textOf(results)).toContain(`Tổng số đại biểu: ${N} · Đã bỏ phiếu: ${votes.length} · Không bỏ phiếu: ${N - votes.length}`);
    await ballotOf(hallTablet.page, POLL).getByTestId('poll-results').waitFor();
    await shots(console, 'chair-poll-closed');
    await shots(hallTablet.page, 'delegate-poll-result');
  }, 120_000);

  it('the chair closes the sitting; the secretary generates, edits and signs the minutes and downloads the signed PDF, which names the council', async () => {
    const console = chairSide.page;
    await console.getByRole('button', { name: 'Bế mạc phiên họp' }).click();
    await console.getByRole('dialog', { name: `Bế mạc phiên họp “${OPENING}”?` }).getByRole('button', { name: 'Bế mạc phiên họp' }).click();
    await console.getByText('Phiên họp đã bế mạc.').first().waitFor();
    // The closed sitting's poll can still have its result published, but no new round is offered.
    await expect.poll(() => controlOf(console, POLL).getByRole('button', { name: 'Mở lại (vòng 2)' }).count()).toBe(0);
    expect(await controlOf(console, POLL).getByRole('button', { name: 'Công bố kết quả' }).count()).toBe(1);
    await shots(console, 'chair-closed');

    const page = clerk.page;
    await page.goto(`${server.url}/ky-hop/${sessionId}`);
    await page.getByRole('link', { name: `Biên bản: ${OPENING}` }).click();
    await page.getByRole('heading', { name: 'Biên bản phiên họp', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/bien-ban/${sittingId}`);
    await page.getByTestId('minutes-status').filter({ hasText: 'Chưa có dự thảo biên bản.' }).waitFor();
    await page.getByTestId('generate').click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
    const doc = page.getByTestId('minutes-rendered');
    await doc.getByRole('heading', { name: 'II. Thành phần tham dự' }).waitFor();
    const shown = await textOf(doc);
    expect(shown).toContain(POLL);
    expect(shown).toContain(chair.name);
    await shots(page, 'minutes-draft');

    await page.getByRole('button', { name: 'Sửa nội dung' }).click();
    const text = page.getByRole('textbox', { name: 'Văn bản biên bản' });
    await text.fill(`${await text.inputValue()}\n\nThư ký phiên họp: ${secretary.name}.`);
    await page.getByLabel('Ghi chú lần sửa').fill('Bổ sung thư ký phiên họp');
    await page.getByTestId('save').click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 2, chưa ký.' }).waitFor();
    await shots(page, 'minutes-edited');
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 2?' });
    await shots(page, 'minutes-sign-confirm');
    await dialog.getByRole('button', { name: 'Ký số biên bản' }).click();
    await page.getByTestId('minutes-status').filter({ hasText: `Đã ký số bởi ${secretary.name} (bản số 2).` }).waitFor();
    await shots(page, 'minutes-signed');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải biên bản đã ký (PDF)' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await pdfText(new Uint8Array(bytes));
    expect(pdf).toContain('HỘI ĐỒNG NHÂN DÂN');
    expect(pdf).toMatch(/TỈNH HÀ TĨNH|tỉnh Hà Tĩnh/);
    expect(pdf).toContain(`Thư ký phiên họp: ${secretary.name}.`);

    // The page's own verifier: the file chosen with the app's button is named, intact and signed by the council's key.
    expect(await page.getByTestId('verify-file-name').innerText()).toBe('Chưa chọn tệp.');
    await page.getByTestId('verify-file').setInputFiles({ name: 'bien-ban-phien-khai-mac.pdf', mimeType: 'application/pdf', buffer: bytes });
    expect(await page.getByTestId('verify-file-name').innerText()).toBe('bien-ban-phien-khai-mac.pdf');
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    const verdict = page.getByTestId('verify-result');
    await verdict.getByText('Tệp còn nguyên vẹn, chữ ký hợp lệ.').waitFor();
    await verdict.getByText(`Khóa ký là khóa đã đăng ký của ${COUNCIL}.`).waitFor();
    // When it was signed reads in the council's time, not as the server's ISO stamp.
    expect(await textOf(verdict)).toMatch(new RegExp(`Người ký: ${secretary.name}, ${COUNCIL}, lúc \\d{1,2}:\\d{2}:\\d{2} \\d{1,2}/\\d{1,2}/\\d{4}\\.`));
    await shots(page, 'minutes-verified');
  }, 150_000);

  it('no page logged an error, and every screen fits both sizes with touch targets of at least 44 px', () => {
    for (const o of opened) expect(o.problems).toEqual([]);
    expect(layout).toEqual([]);
  });
});

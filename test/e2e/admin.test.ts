import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildClient, launchChromium, textOf, watchProblems } from './browser.js';
import { firstRun, shotsAt } from './fromEmptySteps.js';

/**
 * The administrator's workspace (/quan-tri) in Chromium, from an empty database and through
 * the pages only: the first-run page makes the administrator, the province and its council;
 * the administrator then builds the commune, its council, the meeting points, the accounts
 * and their roles, imports a delegate list (a dry run first), and a secretary who is not an
 * administrator is refused the workspace. Every tab and dialog is photographed at 1024×768
 * and 1440×900 (test-results/screenshots/admin-*.png), and checked for sideways scrolling and
 * touch targets under 44 px.
 */

/** 34 delegates (more than a members page of 25 with the five accounts made by hand), one bad row. */
const SURNAMES = ['Nguyễn Văn', 'Trần Thị', 'Lê Văn', 'Phạm Thị', 'Nguyễn Thị', 'Hoàng Văn'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Hạnh', 'Khoa', 'Lâm', 'Mai', 'Nam', 'Oanh', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo'];
const imported = Array.from({ length: 34 }, (_, i) => ({
  name: `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]}${i >= GIVEN.length ? ' Hai' : ''}`,
  email: `daibieu${String(i + 1).padStart(2, '0')}@quangtri.gov.vn`,
}));
const CSV = [
  'STT;Họ và tên;Đơn vị;Vai trò;Email;Điện thoại',
  ...imported.map((d, i) => `${i + 1};${d.name};${i % 2 ? 'Xã Hướng Phùng' : ''};đại biểu;${d.email};`),
  // A row a secretary gets wrong: neither e-mail nor phone, and a role that does not exist.
  `35;Đinh Công Thiếu;;đại biểu lâm thời;;`,
].join('\r\n');

describe('the administrator’s workspace in Chromium, from an empty system', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  /** The one-time code given to the secretary's new account. */
  let secretaryCode = '';
  /** What a real user would find wrong on a screen: small targets, sideways scrolling. */
  const layout: string[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    browser = await launchChromium();
    // A Vietnamese browser, as the council's staff use: dates read dd/mm/yyyy in the date fields.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    page = await context.newPage();
    problems = watchProblems(page);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const shots = (p: Page, name: string) => shotsAt(p, 'admin', name, layout);
  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  async function openTab(name: string, heading: string) {
    await tab(name).click();
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }
  const unitRow = (name: string) => page.getByTestId('unit-row').filter({ has: page.getByText(name, { exact: true }) });
  const councilRow = (name: string) => page.getByTestId('council-row').filter({ has: page.getByText(name, { exact: true }) });
  const memberRow = (login: string) => page.getByTestId('member-row').filter({ hasText: login });
  const pointCard = (name: string) => page.getByTestId('point-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
  /** Picks a person in a person picker by their login (a new account is found by its exact login). */
  async function pickPerson(scope: Locator, login: string, name: string) {
    await scope.getByLabel(/Người được cấp vai trò/).fill(login);
    await scope.getByRole('button', { name: 'Tìm', exact: true }).click();
    await scope.getByRole('radio', { name: new RegExp(name) }).check();
  }

  it('the first-run page creates the administrator, the province and its council, and opens on a Quản trị shortcut', async () => {
    await firstRun(page, server.url, { province: 'Tỉnh Quảng Trị', electedTotal: 61, term: 'Khóa IX (2026–2031)', admin: { name: 'Hoàng Văn Quản', login: 'quantri@quangtri.gov.vn', password: 'mat-khau-quan-tri' } });

    await page.getByRole('link', { name: /Quản trị hệ thống/ }).click();
    await page.getByRole('heading', { name: 'Quản trị hệ thống', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/quan-tri');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Đơn vị', 'Hội đồng', 'Thành viên', 'Điểm cầu', 'Nhập đại biểu (CSV)', 'Tài khoản', 'Chữ ký số']);
    await page.getByRole('heading', { name: 'Đơn vị hành chính', level: 2 }).waitFor();
    await unitRow('Tỉnh Quảng Trị').waitFor();
  }, 60_000);

  it('creates a commune under the province, then renames it; the tree and a search without diacritics show the new name', async () => {
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Thêm đơn vị' }) });
    await form.getByLabel('Tên đơn vị').fill('Xã Hướng Lập');
    await form.getByLabel('Mã đơn vị hành chính').fill('19405');
    await form.getByLabel('Loại đơn vị').selectOption({ label: 'Xã' });
    expect(await form.getByLabel('Thuộc đơn vị').locator('option:checked').innerText()).toBe('Tỉnh Quảng Trị');
    await shots(page, 'units-create');
    await form.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await unitRow('Xã Hướng Lập').waitFor();
    // Under the province in the tree: its row sits in the province's nested list.
    const province = page.locator('.tree > li', { has: page.getByText('Tỉnh Quảng Trị', { exact: true }) });
    expect(await textOf(province.locator('ul').first())).toContain('Xã Hướng Lập');
    expect(await textOf(unitRow('Xã Hướng Lập'))).toContain('Xã · mã 19405');

    await page.getByRole('button', { name: 'Sửa Xã Hướng Lập' }).click();
    const edit = page.locator('form', { has: page.getByRole('heading', { name: 'Sửa đơn vị: Xã Hướng Lập' }) });
    await edit.getByLabel('Tên đơn vị').fill('Xã Hướng Phùng');
    await shots(page, 'units-edit');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await unitRow('Xã Hướng Phùng').waitFor();
    expect(await unitRow('Xã Hướng Lập').count()).toBe(0);

    await page.getByPlaceholder('Tìm đơn vị theo tên hoặc mã').fill('huong phung');
    const results = page.getByRole('list', { name: 'Kết quả tìm đơn vị' });
    await results.getByText('Xã Hướng Phùng').waitFor();
    expect(await textOf(results)).toContain('thuộc Tỉnh Quảng Trị');
    await shots(page, 'units-search');
    await page.getByPlaceholder('Tìm đơn vị theo tên hoặc mã').fill('');
    await page.getByRole('list', { name: 'Cây đơn vị hành chính' }).waitFor();
    await shots(page, 'units');
  }, 90_000);

  it('creates a council for the commune and changes the province council’s elected total N', async () => {
    await openTab('Hội đồng', 'Hội đồng nhân dân');
    await councilRow('Hội đồng nhân dân tỉnh Quảng Trị').waitFor();
    await page.getByRole('button', { name: 'Thêm hội đồng' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Thêm hội đồng' }) });
    await form.getByLabel('Đơn vị').selectOption({ label: 'Xã Hướng Phùng' });
    // The name follows the unit unless the admin writes another.
    expect(await form.getByLabel('Tên hội đồng').inputValue()).toBe('HĐND xã Hướng Phùng');
    await form.getByLabel('Nhiệm kỳ (khóa)').fill('Khóa I (2026–2031)');
    await form.getByLabel('Tổng số đại biểu được bầu (N)').fill('25');
    await shots(page, 'councils-create');
    await form.getByRole('button', { name: 'Tạo hội đồng' }).click();
    const commune = councilRow('HĐND xã Hướng Phùng');
    await commune.waitFor();
    expect(await textOf(commune)).toMatch(/HĐND xã Hướng Phùng Xã Hướng Phùng Khóa I \(2026–2031\) .* 25/);

    const province = councilRow('Hội đồng nhân dân tỉnh Quảng Trị');
    expect(await province.locator('td').nth(3).innerText()).toBe('61');
    await province.getByRole('button', { name: 'Sửa Hội đồng nhân dân tỉnh Quảng Trị' }).click();
    const edit = page.locator('form', { has: page.getByRole('heading', { name: /^Sửa hội đồng/ }) });
    await edit.getByLabel('Tổng số đại biểu được bầu (N)').fill('59');
    await shots(page, 'councils-edit');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => province.locator('td').nth(3).innerText()).toBe('59');
    await shots(page, 'councils');
  }, 90_000);

  it('creates meeting points: a hall at the province and a room at the commune', async () => {
    await openTab('Điểm cầu', 'Điểm cầu');
    expect(await page.getByLabel('Hội đồng', { exact: true }).locator('option:checked').innerText()).toContain('Hội đồng nhân dân tỉnh Quảng Trị');
    const add = async (unit: string, name: string, address: string, capacity: string, shot?: string) => {
      await page.getByRole('button', { name: 'Thêm điểm cầu' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Thêm điểm cầu' }) });
      await form.getByLabel('Thuộc đơn vị').selectOption({ label: unit });
      await form.getByLabel('Tên điểm cầu').fill(name);
      await form.getByLabel('Địa chỉ').fill(address);
      await form.getByLabel('Số chỗ ngồi').fill(capacity);
      if (shot) await shots(page, shot);
      await form.getByRole('button', { name: 'Tạo điểm cầu' }).click();
      await pointCard(name).waitFor();
    };
    await add('Tỉnh Quảng Trị', 'Hội trường HĐND tỉnh', '45 Hùng Vương, Đông Hà', '120', 'points-create');
    await add('Xã Hướng Phùng', 'Phòng họp xã Hướng Phùng', 'Trụ sở UBND xã', '30');
    expect(await textOf(pointCard('Hội trường HĐND tỉnh'))).toContain('Tỉnh Quảng Trị · 45 Hùng Vương, Đông Hà · 120 chỗ');
    expect(await textOf(pointCard('Phòng họp xã Hướng Phùng'))).toContain('Xã Hướng Phùng · Trụ sở UBND xã · 30 chỗ');
    expect(await textOf(pointCard('Phòng họp xã Hướng Phùng'))).toContain('Chưa có người vận hành.');
    // A point is edited in a form of its own (its unit no longer offered); cancelled, nothing changes.
    await page.getByRole('button', { name: 'Sửa điểm cầu Hội trường HĐND tỉnh' }).click();
    const edit = page.locator('form', { has: page.getByRole('heading', { name: 'Sửa điểm cầu: Hội trường HĐND tỉnh' }) });
    expect(await edit.getByLabel('Số chỗ ngồi').inputValue()).toBe('120');
    expect(await edit.getByLabel('Thuộc đơn vị').count()).toBe(0);
    await shots(page, 'points-edit');
    await edit.getByRole('button', { name: 'Hủy' }).click();
    await edit.waitFor({ state: 'detached' });
  }, 90_000);

  const people = [
    { name: 'Lê Quang Chủ', login: 'chutoa@quangtri.gov.vn', role: 'chair', label: 'Chủ tọa' },
    { name: 'Trần Thu Thư', login: 'thuky@quangtri.gov.vn', role: 'secretariat', label: 'Văn phòng/Thư ký' },
    { name: 'Võ Minh Đại', login: 'daibieu@quangtri.gov.vn', role: 'delegate', label: 'Đại biểu' },
    { name: 'Phan Văn Vận', login: 'diemcau@quangtri.gov.vn', role: 'meeting_point_operator', label: '' },
  ] as const;

  it('creates a chair’s, a secretary’s, a delegate’s and an operator’s accounts in the Tài khoản tab', async () => {
    await openTab('Tài khoản', 'Tài khoản');
    for (const p of people) {
      await page.getByRole('button', { name: 'Tạo tài khoản' }).first().click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tạo tài khoản' }) });
      await form.getByLabel('Họ và tên').fill(p.name);
      await form.getByLabel('Tên đăng nhập').fill(p.login);
      await form.getByLabel('Email').fill(p.login);
      if (p.role === 'chair') await shots(page, 'accounts-create');
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      const code = (await page.getByTestId('one-time-code-value').innerText()).trim();
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      if (p.role === 'secretariat') {
        secretaryCode = code;
        await shots(page, 'accounts-code');
      }
      await page.getByRole('button', { name: 'Tôi đã ghi lại mã' }).click();
      await page.getByTestId('account-row').filter({ hasText: p.login }).waitFor();
    }
    expect(await page.getByTestId('account-row').count()).toBe(5);
    await shots(page, 'accounts');
    // Locking an account asks first; cancelled, the delegate's account stays as it was.
    await page.getByRole('button', { name: 'Khóa Võ Minh Đại' }).click();
    const lock = page.getByRole('dialog', { name: 'Khóa tài khoản Võ Minh Đại?' });
    await lock.getByText(/Người dùng sẽ bị đăng xuất ngay trên mọi thiết bị/).waitFor();
    await shots(page, 'accounts-lock-confirm');
    await lock.getByRole('button', { name: 'Hủy' }).click();
    await lock.waitFor({ state: 'hidden' });
    expect(await textOf(page.getByTestId('account-row').filter({ hasText: 'daibieu@quangtri.gov.vn' }))).toContain('Chưa đặt mật khẩu');
  }, 120_000);

  it('gives them roles in the province council and sets the delegate’s meeting point', async () => {
    await openTab('Thành viên', 'Thành viên hội đồng');
    expect(await page.getByLabel('Hội đồng', { exact: true }).locator('option:checked').innerText()).toContain('Hội đồng nhân dân tỉnh Quảng Trị');
    for (const p of people.slice(0, 3)) {
      await page.getByRole('button', { name: 'Thêm thành viên' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Thêm thành viên' }) });
      await pickPerson(form, p.login, p.name);
      await form.getByLabel('Vai trò', { exact: true }).selectOption(p.role);
      if (p.role === 'delegate') await form.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Xã Hướng Phùng' });
      if (p.role === 'chair') await shots(page, 'members-add');
      await form.getByRole('button', { name: 'Cấp vai trò' }).click();
      await memberRow(p.login).waitFor();
      expect(await memberRow(p.login).locator('td').nth(1).innerText()).toBe(p.label);
    }
    const delegate = memberRow('daibieu@quangtri.gov.vn');
    expect(await delegate.locator('td').nth(2).innerText()).toBe('Xã Hướng Phùng');
    expect(await delegate.locator('td').nth(3).innerText()).toBe('—');
    await delegate.getByRole('button', { name: /Đổi đơn vị, điểm cầu của Võ Minh Đại/ }).click();
    const place = page.getByTestId('member-place-form');
    await place.getByLabel('Điểm cầu').selectOption({ label: 'Phòng họp xã Hướng Phùng' });
    await shots(page, 'members-place');
    await place.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => delegate.locator('td').nth(3).innerText()).toBe('Phòng họp xã Hướng Phùng');
    await shots(page, 'members');
    // Taking a role away asks first, naming the person, the role and the council; cancelled, the chair stays.
    await page.getByRole('button', { name: 'Gỡ vai trò Chủ tọa của Lê Quang Chủ' }).click();
    const remove = page.getByRole('dialog', { name: 'Gỡ vai trò khỏi hội đồng?' });
    await remove.getByText('Lê Quang Chủ sẽ không còn là Chủ tọa của Hội đồng nhân dân tỉnh Quảng Trị. Tài khoản của người này vẫn được giữ.').waitFor();
    await shots(page, 'members-remove-confirm');
    await remove.getByRole('button', { name: 'Hủy' }).click();
    await remove.waitFor({ state: 'hidden' });
    expect(await memberRow('chutoa@quangtri.gov.vn').locator('td').nth(1).innerText()).toBe('Chủ tọa');
  }, 120_000);

  it('assigns the operator to the commune’s room', async () => {
    await openTab('Điểm cầu', 'Điểm cầu');
    const room = pointCard('Phòng họp xã Hướng Phùng');
    await room.getByRole('button', { name: 'Phân công người vận hành cho Phòng họp xã Hướng Phùng' }).click();
    await pickPerson(room, 'diemcau@quangtri.gov.vn', 'Phan Văn Vận');
    await shots(page, 'points-assign');
    await room.getByRole('button', { name: 'Phân công', exact: true }).click();
    // The form closes and the room lists its operator, with a button to remove them.
    await room.getByRole('button', { name: 'Gỡ Phan Văn Vận khỏi Phòng họp xã Hướng Phùng' }).waitFor();
    expect(await room.getByRole('heading', { name: 'Phân công người vận hành cho Phòng họp xã Hướng Phùng' }).count()).toBe(0);
    expect(await textOf(room)).toContain('Người vận hành Phan Văn Vận (diemcau@quangtri.gov.vn)');
    expect(await textOf(room)).not.toContain('Chưa có người vận hành.');
    expect(await textOf(pointCard('Hội trường HĐND tỉnh'))).toContain('Chưa có người vận hành.');
    await shots(page, 'points');
    await room.getByRole('button', { name: 'Gỡ Phan Văn Vận khỏi Phòng họp xã Hướng Phùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gỡ người vận hành?' });
    await dialog.getByText('Phan Văn Vận sẽ không còn vận hành Phòng họp xã Hướng Phùng.').waitFor();
    // The confirm button's label can be read: not red on red.
    type Styles = { getComputedStyle(el: unknown): { color: string; backgroundColor: string } };
    const [color, background] = await dialog.getByRole('button', { name: 'Gỡ người vận hành' }).evaluate((el) => {
      const style = (globalThis as unknown as Styles).getComputedStyle(el);
      return [style.color, style.backgroundColor];
    });
    expect(color).not.toBe(background);
    await shots(page, 'points-unassign-confirm');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await textOf(room)).toContain('Phan Văn Vận');

    // The members list names the operator with the room.
    await openTab('Thành viên', 'Thành viên hội đồng');
    const operator = memberRow('diemcau@quangtri.gov.vn');
    // The tab loads its list from the server: wait for the row's cells, not the first paint.
    await expect.poll(() => operator.locator('td').nth(1).innerText()).toBe('Vận hành điểm cầu');
    await expect.poll(() => operator.locator('td').nth(3).innerText()).toBe('Phòng họp xã Hướng Phùng');
  }, 90_000);

  it('imports a delegate list: the dry run reports accepted and refused rows in Vietnamese, then the import writes them', async () => {
    await openTab('Nhập đại biểu (CSV)', 'Nhập danh sách đại biểu từ tệp CSV');
    await shots(page, 'import');
    expect(await page.getByTestId('import-file-name').innerText()).toBe('Chưa chọn tệp.');
    await page.getByLabel('Tệp CSV danh sách đại biểu').setInputFiles({ name: 'dai-bieu-khoa-IX.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    expect(await page.getByTestId('import-file-name').innerText()).toBe('dai-bieu-khoa-IX.csv');
    await page.getByRole('button', { name: 'Kiểm tra trước (chưa ghi)' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.getByText('Kiểm tra xong, chưa ghi gì: 34 dòng hợp lệ sẽ được nhập, 1 dòng bị từ chối.').waitFor();
    const report = page.getByTestId('import-report');
    expect(await report.locator('tbody tr').count()).toBe(35);
    const first = await textOf(report.locator('tbody tr').first());
    expect(first).toContain('Nguyễn Văn An (daibieu01@quangtri.gov.vn) Đại biểu Sẽ được nhập · tạo tài khoản mới');
    const bad = await textOf(report.locator('tbody tr').last());
    expect(bad).toContain('36');
    expect(bad).toContain('Bị từ chối: vai trò "đại biểu lâm thời" không hợp lệ; cần email hoặc số điện thoại');
    expect(bad).not.toMatch(/unknown role|required/);
    await shots(page, 'import-dry-run');

    await page.getByRole('button', { name: 'Nhập danh sách' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhập danh sách đại biểu?' });
    await dialog.getByText(/dai-bieu-khoa-IX\.csv sẽ được ghi vào Hội đồng nhân dân tỉnh Quảng Trị/).waitFor();
    await shots(page, 'import-confirm');
    await dialog.getByRole('button', { name: 'Nhập danh sách' }).click();
    await summary.getByText('Đã nhập 34 dòng; 1 dòng bị từ chối.').waitFor();
    expect(await textOf(report.locator('tbody tr').first())).toContain('Đã nhập · tạo tài khoản mới');
    await shots(page, 'import-done');
  }, 120_000);

  it('the members list shows the imported delegates, finds “nguyen van” without diacritics and pages past 25', async () => {
    await openTab('Thành viên', 'Thành viên hội đồng');
    const pager = page.getByRole('navigation', { name: 'Phân trang' });
    // 34 imported + admin, chair, secretary, delegate, operator = 39 members, 25 a page.
    await pager.getByText('Trang 1/2 · 39 mục').waitFor();
    expect(await page.getByTestId('member-row').count()).toBe(25);
    await pager.getByRole('button', { name: 'Trang sau' }).click();
    await pager.getByText('Trang 2/2 · 39 mục').waitFor();
    expect(await page.getByTestId('member-row').count()).toBe(14);
    expect(await pager.getByRole('button', { name: 'Trang sau' }).isDisabled()).toBe(true);
    // Sorted by full name, the Trần come after the 25 names from Hoàng to Phạm: an imported
    // delegate who has not signed in yet, with the unit the CSV gave them.
    expect(await textOf(memberRow('daibieu02@quangtri.gov.vn'))).toContain('Trần Thị Bình daibieu02@quangtri.gov.vn · chưa kích hoạt Đại biểu Xã Hướng Phùng');
    await shots(page, 'members-page-2');
    await pager.getByRole('button', { name: 'Trang trước' }).click();
    await pager.getByText('Trang 1/2 · 39 mục').waitFor();
    expect(await memberRow('daibieu02@quangtri.gov.vn').count()).toBe(0);

    await page.getByPlaceholder('Tìm theo họ tên, email hoặc số điện thoại').fill('nguyen van');
    const expected = imported.filter((d) => d.name.startsWith('Nguyễn Văn')).map((d) => d.name);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(expected.length);
    const names = (await page.getByTestId('member-row').locator('td:first-child .strong').allInnerTexts()).sort();
    expect(names).toEqual([...expected].sort());
    await pager.getByText(`Trang 1/1 · ${expected.length} mục`).waitFor();
    await shots(page, 'members-search');
    await page.getByPlaceholder('Tìm theo họ tên, email hoặc số điện thoại').fill('');
    await pager.getByText('Trang 1/2 · 39 mục').waitFor();
    // Fewer delegates than N: no warning.
    expect(await page.getByTestId('too-many-delegates').count()).toBe(0);

    expect(problems).toEqual([]);
  }, 90_000);

  it('warns on the members tab when more people hold the delegate role than the elected total N', async () => {
    const setN = async (n: string) => {
      await openTab('Hội đồng', 'Hội đồng nhân dân');
      const province = councilRow('Hội đồng nhân dân tỉnh Quảng Trị');
      await province.getByRole('button', { name: 'Sửa Hội đồng nhân dân tỉnh Quảng Trị' }).click();
      const edit = page.locator('form', { has: page.getByRole('heading', { name: /^Sửa hội đồng/ }) });
      await edit.getByLabel('Tổng số đại biểu được bầu (N)').fill(n);
      await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await expect.poll(() => province.locator('td').nth(3).innerText()).toBe(n);
    };
    await setN('30');
    await openTab('Thành viên', 'Thành viên hội đồng');
    const warning = page.getByTestId('too-many-delegates');
    await warning.waitFor();
    expect(await textOf(warning)).toMatch(/Hội đồng có \d+ người giữ vai trò đại biểu, nhiều hơn tổng số đại biểu được bầu \(N = 30\)/);
    await shots(page, 'members-over-n');
    await setN('59');
    await openTab('Thành viên', 'Thành viên hội đồng');
    await page.getByRole('navigation', { name: 'Phân trang' }).getByText('Trang 1/2 · 39 mục').waitFor();
    expect(await page.getByTestId('too-many-delegates').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);

  it('a secretary, who is not an administrator, sets a password, sees no Quản trị shortcut and is refused /quan-tri', async () => {
    const other = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'vi-VN' });
    const tablet = await other.newPage();
    const theirProblems = watchProblems(tablet);
    await tablet.goto(server.url + '/dat-mat-khau');
    await tablet.getByRole('heading', { name: 'Đặt mật khẩu' }).waitFor();
    await tablet.getByLabel('Tên đăng nhập').fill('thuky@quangtri.gov.vn');
    await tablet.getByLabel('Mã dùng một lần').fill(secretaryCode);
    await tablet.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-thu-ky');
    await tablet.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-thu-ky');
    await tablet.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await tablet.getByRole('heading', { name: /Trần Thu Thư/ }).waitFor();
    await tablet.getByRole('link', { name: /Chuẩn bị kỳ họp/ }).waitFor();
    expect(await tablet.getByRole('link', { name: /Quản trị/ }).count()).toBe(0);

    await tablet.goto(server.url + '/quan-tri');
    await tablet.getByRole('heading', { name: 'Quản trị hệ thống', level: 1 }).waitFor();
    await tablet.getByText('Trang này dành cho quản trị viên. Tài khoản của bạn không có quyền quản trị hội đồng nào.').waitFor();
    expect(await tablet.getByRole('tab').count()).toBe(0);
    await shots(tablet, 'refused');
    expect(theirProblems).toEqual([]);
    await other.close();
  }, 90_000);

  it('every screen fits both sizes with touch targets of at least 44 px', () => {
    expect(layout).toEqual([]);
  });
});

import { expect } from 'vitest';
import { textOf, watchProblems } from '../browser.js';
import { firstRun, resetCode, takeCode } from '../fromEmptySteps.js';
import type { BrowserContext } from 'playwright-core';
import { PROVINCE, COUNCIL, N, COMMUNE, ROOM, admin, chair, secretary, operator, delegates, byHand, inHall, atRoom, CSV } from './cast.js';
import type { FirstSession } from './world.js';

/** The first-run page creates the administrator, the province and its council with N. */
export async function firstRunAndCouncil(w: FirstSession): Promise<void> {
  const context: BrowserContext = await w.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  w.adminPage = await context.newPage();
  w.opened.push({ context, page: w.adminPage, problems: watchProblems(w.adminPage) });
  await firstRun(w.adminPage, w.server.url, { province: PROVINCE, electedTotal: N, term: 'Khóa XIX (2026–2031)', admin }, () => w.shots(w.adminPage, 'first-run'));
  await w.shots(w.adminPage, 'admin-home');
  await w.adminPage.getByRole('link', { name: /Quản trị hệ thống/ }).click();
  await w.adminPage.getByRole('heading', { name: 'Quản trị hệ thống', level: 1 }).waitFor();
  await w.tab('Hội đồng', 'Hội đồng nhân dân');
  const council = w.adminPage.getByTestId('council-row').filter({ has: w.adminPage.getByText(COUNCIL, { exact: true }) });
  expect(await council.locator('td').nth(3).innerText()).toBe(String(N));
  await w.shots(w.adminPage, 'admin-councils');
}

/** The administrator adds the commune and its meeting point. */
export async function communeAndMeetingPoint(w: FirstSession): Promise<void> {
  await w.tab('Đơn vị', 'Đơn vị hành chính');
  await w.adminPage.getByRole('button', { name: 'Thêm đơn vị' }).click();
  const unit = w.adminPage.locator('form', { has: w.adminPage.getByRole('heading', { name: 'Thêm đơn vị' }) });
  await unit.getByLabel('Tên đơn vị').fill(COMMUNE);
  await unit.getByLabel('Mã đơn vị hành chính').fill('18652');
  await unit.getByLabel('Loại đơn vị').selectOption({ label: 'Xã' });
  await unit.getByRole('button', { name: 'Tạo đơn vị' }).click();
  await w.adminPage.getByTestId('unit-row').filter({ has: w.adminPage.getByText(COMMUNE, { exact: true }) }).waitFor();
  await w.shots(w.adminPage, 'admin-units');

  await w.tab('Điểm cầu', 'Điểm cầu');
  await w.adminPage.getByRole('button', { name: 'Thêm điểm cầu' }).click();
  const point = w.adminPage.locator('form', { has: w.adminPage.getByRole('heading', { name: 'Thêm điểm cầu' }) });
  await point.getByLabel('Thuộc đơn vị').selectOption({ label: COMMUNE });
  await point.getByLabel('Tên điểm cầu').fill(ROOM);
  await point.getByLabel('Địa chỉ').fill('Trụ sở UBND xã Cẩm Xuyên');
  await point.getByLabel('Số chỗ ngồi').fill('40');
  await point.getByRole('button', { name: 'Tạo điểm cầu' }).click();
  await w.pointCard(ROOM).waitFor();
  expect(await textOf(w.pointCard(ROOM))).toContain(`${COMMUNE} · Trụ sở UBND xã Cẩm Xuyên · 40 chỗ`);
}

/** Imports the chair, the secretary and eleven delegates from a CSV file (a dry run first). */
export async function importDelegates(w: FirstSession): Promise<void> {
  await w.tab('Nhập đại biểu (CSV)', 'Nhập danh sách đại biểu từ tệp CSV');
  await w.adminPage.getByLabel('Tệp CSV danh sách đại biểu').setInputFiles({ name: 'dai-bieu-khoa-XIX.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await w.adminPage.getByRole('button', { name: 'Kiểm tra trước (chưa ghi)' }).click();
  const summary = w.adminPage.getByTestId('import-summary');
  await summary.getByText(`Kiểm tra xong, chưa ghi gì: ${N + 1} dòng hợp lệ sẽ được nhập, 0 dòng bị từ chối.`).waitFor();
  await w.adminPage.getByRole('button', { name: 'Nhập danh sách' }).click();
  await w.adminPage.getByRole('dialog', { name: 'Nhập danh sách đại biểu?' }).getByRole('button', { name: 'Nhập danh sách' }).click();
  await summary.getByText(`Đã nhập ${N + 1} dòng; 0 dòng bị từ chối.`).waitFor();
  await w.shots(w.adminPage, 'admin-import');
}

/** Creates the operator’s and the twelfth delegate’s accounts by hand and gives one-time codes to those who sign in. */
export async function accountsByHand(w: FirstSession): Promise<void> {
  await w.tab('Tài khoản', 'Tài khoản');
  // The operator first: the form keeps the last council and role chosen, for a run of delegates.
  for (const p of [operator, byHand]) {
    await w.adminPage.getByRole('button', { name: 'Tạo tài khoản' }).first().click();
    const form = w.adminPage.locator('form', { has: w.adminPage.getByRole('heading', { name: 'Tạo tài khoản' }) });
    await form.getByLabel('Họ và tên').fill(p.name);
    await form.getByLabel('Tên đăng nhập').fill(p.login);
    await form.getByLabel('Email').fill(p.login);
    if (p === byHand) {
      await form.getByLabel('Hội đồng (vai trò ban đầu)').selectOption({ label: COUNCIL });
      await form.getByLabel('Vai trò', { exact: true }).selectOption('delegate');
      await w.shots(w.adminPage, 'admin-account-create');
    }
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await w.adminPage.getByTestId('one-time-code-value').waitFor();
    if (p === operator) await w.shots(w.adminPage, 'admin-account-code');
    w.codes[p.login] = await takeCode(w.adminPage);
    await w.accountRow(p.login).waitFor();
  }
  // The imported accounts have no password yet: each who signs in gets a code.
  for (const p of [secretary, chair, inHall, atRoom]) {
    expect(await textOf(w.accountRow(p.login))).toContain('Chưa đặt mật khẩu');
    w.codes[p.login] = await resetCode(w.adminPage, w.accountRow(p.login), p.name);
  }
  for (const code of Object.values(w.codes)) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await w.shots(w.adminPage, 'admin-accounts');
}

/** Gives the commune delegate the commune’s meeting point and assigns the operator to it. */
export async function communeDelegatePlace(w: FirstSession): Promise<void> {
  await w.tab('Thành viên', 'Thành viên hội đồng');
  const row = w.memberRow(atRoom.login);
  expect(await row.locator('td').nth(2).innerText()).toBe(COMMUNE);
  await row.getByRole('button', { name: new RegExp(`Đổi đơn vị, điểm cầu của ${atRoom.name}`) }).click();
  const place = w.adminPage.getByTestId('member-place-form');
  await place.getByLabel('Điểm cầu').selectOption({ label: ROOM });
  await place.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect.poll(() => row.locator('td').nth(3).innerText()).toBe(ROOM);
  expect(await w.memberRow(byHand.login).locator('td').nth(1).innerText()).toBe('Đại biểu');
  await w.shots(w.adminPage, 'admin-members');

  await w.tab('Điểm cầu', 'Điểm cầu');
  const card = w.pointCard(ROOM);
  await card.getByRole('button', { name: `Phân công người vận hành cho ${ROOM}` }).click();
  await card.getByLabel(/Người được cấp vai trò/).fill(operator.login);
  await card.getByRole('button', { name: 'Tìm', exact: true }).click();
  await card.getByRole('radio', { name: new RegExp(operator.name) }).check();
  await card.getByRole('button', { name: 'Phân công', exact: true }).click();
  await card.getByRole('button', { name: `Gỡ ${operator.name} khỏi ${ROOM}` }).waitFor();
  expect(await textOf(card)).toContain(`Người vận hành ${operator.name} (${operator.login})`);
  await w.shots(w.adminPage, 'admin-points');
  w.roomId = String((await w.server.deps.models.MeetingPoint.findOne({ name: ROOM }).lean<{ _id: unknown }>())!._id);
}

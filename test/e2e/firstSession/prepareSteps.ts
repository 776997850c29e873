import { expect } from 'vitest';
import { textOf } from '../browser.js';
import { N, ROOM, SESSION, OPENING, SECOND, ITEMS, DOCS, POLL, chair, secretary, delegates, inHall } from './cast.js';
import type { FirstSession } from './world.js';

/** The secretary sets a password with the code and creates the session with its agenda and two sittings, the opening one with the commune room. */
export async function sessionWithAgenda(w: FirstSession): Promise<void> {
  w.clerk = await w.signIn(secretary, { width: 1440, height: 900 });
  const page = w.clerk.page;
  await w.shots(page, 'secretary-home');
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
  await w.shots(page, 'prepare-session-form');
  await form.getByRole('button', { name: 'Tạo kỳ họp' }).click();
  await page.getByRole('heading', { name: SESSION, level: 1 }).waitFor();
  w.sessionId = new URL(page.url()).pathname.split('/').pop()!;

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
      await w.shots(page, 'prepare-sitting-form');
    }
    await sitting.getByRole('button', { name: 'Tạo phiên họp' }).click();
    await sittingCard(title).waitFor();
  }
  expect(await textOf(sittingCard(OPENING))).toContain('06/07/2027, lúc 08:00');
  const stored = await w.server.deps.models.Sitting.findOne({ title: OPENING }).lean<{ _id: unknown; meetingPointIds: unknown[] }>();
  expect(stored!.meetingPointIds.map(String)).toEqual([w.roomId]);
  w.sittingId = String(stored!._id);
}

/** Uploads two PDFs from the page, each with its progress, then prepares a poll and publishes the sittings. */
export async function uploadsAndPoll(w: FirstSession): Promise<void> {
  const page = w.clerk.page;
  const manager = page.getByTestId('document-manager');
  const row = (file: string) => manager.locator(`[data-testid="upload-row"][data-file-name="${file}"]`);
  await manager.getByLabel('Nội dung chương trình').selectOption({ label: `2. ${ITEMS[1]}` });
  await manager.getByLabel('Chọn tệp PDF').setInputFiles(DOCS.map((d) => ({ name: d.file, mimeType: 'application/pdf', buffer: d.bytes() })));
  await expect.poll(() => manager.getByTestId('upload-row').count()).toBe(2);
  for (const d of DOCS) await row(d.file).getByLabel('Tên tài liệu').fill(d.title);
  await row(DOCS[1]!.file).getByLabel('Loại tài liệu').selectOption('draft_resolution');
  await w.shots(page, 'prepare-upload-ready');
  // A slow link, so the bar is seen moving and not only full.
  const cdp = await w.clerk.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 500 * 1024 });
  await manager.getByRole('button', { name: 'Tải lên 2 tệp' }).click();
  const bar = row(DOCS[0]!.file).getByTestId('upload-progress');
  await expect.poll(async () => Number(await bar.getAttribute('data-value')), { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
  expect(Number(await bar.getAttribute('data-value'))).toBeLessThan(100);
  await w.shots(page, 'prepare-uploading');
  for (const d of DOCS) await expect.poll(() => row(d.file).getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  for (const d of DOCS) {
    expect(await row(d.file).getByTestId('upload-progress').getAttribute('data-value')).toBe('100');
    await manager.locator(`[data-testid="managed-doc"][data-title="${d.title}"]`).waitFor();
  }
  await w.shots(page, 'prepare-uploaded');

  // The poll of the opening sitting: the desk follows the sitting chosen beside the attendance
  // (the one just added, the second), and its heading names it.
  const desk = page.getByTestId('poll-desk');
  await desk.getByRole('heading', { name: `Biểu quyết của phiên họp “${SECOND}”`, level: 2 }).waitFor();
  await page.getByLabel('Phiên họp', { exact: true }).selectOption({ label: OPENING });
  await desk.getByRole('heading', { name: `Biểu quyết của phiên họp “${OPENING}”`, level: 2 }).waitFor();
  const pollForm = page.getByTestId('poll-form');
  await pollForm.getByLabel('Loại biểu quyết').selectOption('resolution');
  await pollForm.getByLabel('Tên cuộc biểu quyết').fill(POLL);
  await w.shots(page, 'prepare-poll-form');
  await pollForm.getByRole('button', { name: 'Tạo bản nháp' }).click();
  await pollForm.getByText(`Đã tạo bản nháp “${POLL}”`).waitFor();
  await w.controlOf(page, POLL).getByText('Nháp', { exact: true }).waitFor();

  for (const title of [OPENING, SECOND]) {
    const card = page.getByTestId('prep-sitting').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    await card.getByRole('button', { name: `Công bố phiên họp “${title}”` }).click();
    const dialog = page.getByRole('dialog', { name: `Công bố phiên họp “${title}”?` });
    if (title === OPENING) await w.shots(page, 'prepare-publish-confirm');
    await dialog.getByRole('button', { name: 'Công bố phiên họp' }).click();
    await expect.poll(() => card.locator('[data-status]').first().getAttribute('data-status')).toBe('published');
  }
  await w.shots(page, 'prepare-workspace');
}

/** Sends the invitations from Triệu tập; the local mail server receives one with its PDF for each invitee. */
export async function invitations(w: FirstSession): Promise<void> {
  const page = w.clerk.page;
  await page.goto(`${w.server.url}/ky-hop/${w.sessionId}`);
  await page.getByRole('link', { name: 'Triệu tập' }).click();
  await page.getByRole('heading', { name: 'Triệu tập kỳ họp', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/trieu-tap/${w.sessionId}`);
  await page.getByRole('button', { name: 'Tạo giấy mời' }).click();
  const status = page.getByTestId('convening-status');
  await status.filter({ hasText: /^Đã tạo thông báo và \d+ giấy mời\.$/ }).waitFor();
  const invitees = Number(/và (\d+) giấy mời/.exec(await status.innerText())![1]);
  // Every delegate, the chair and the secretary who takes part… at least the N delegates and the chair.
  expect(invitees).toBeGreaterThanOrEqual(N + 1);
  await page.getByRole('button', { name: 'Gửi thư mời' }).click();
  const dialog = page.getByRole('dialog', { name: 'Gửi thư mời?' });
  await dialog.getByText(`Gửi e-mail kèm giấy mời (PDF) tới ${invitees} người chưa được gửi.`).waitFor();
  await w.shots(page, 'convening-confirm');
  await dialog.getByRole('button', { name: 'Gửi thư mời' }).click();
  await status.filter({ hasText: /^Đã gửi \d+ thư/ }).waitFor();
  expect(await status.innerText()).toBe(`Đã gửi ${invitees} thư, 0 thư không gửi được, 0 người đã nhận từ trước.`);
  const to = w.smtp.received.map((m) => m.to[0]);
  expect(to).toHaveLength(invitees);
  for (const p of [chair, ...delegates]) expect(to).toContain(p.login);
  expect(w.smtp.received.every((m) => m.attachments[0]?.contentType === 'application/pdf')).toBe(true);
  const mail = w.smtp.received.find((m) => m.to[0] === inHall.login)!;
  expect(mail.text).toContain(`Kính gửi Ông/Bà ${inHall.name}`);
  expect(mail.text).toContain('Kỳ họp thứ 1 (từ ngày 06/07/2027 đến ngày 07/07/2027');
  await w.shots(page, 'convening-sent');
}

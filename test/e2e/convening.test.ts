import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildConvening, type ConveningCast } from '../helpers/conveningFixtures.js';
import { startSmtpListener } from '../helpers/smtpListener.js';
import { buildClient, launchChromium, openSignedIn, overflowsHorizontally, shotFromTop as screenshot, smallTouchTargets } from './browser.js';

/**
 * Convening in Chromium: the secretary reaches "Triệu tập" from the session page, generates
 * the invitations and sends them (confirmed) through a local SMTP listener; a delegate sees
 * "Giấy mời họp" on the home page, opens it and reads a document; the secretary then sees
 * "đã xem" for the invitation and the document.
 */
describe('convening a session in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let c: ConveningCast;

  beforeAll(async () => {
    distDir = await buildClient();
    smtp = await startSmtpListener();
    server = await startTestServer({ env: { CLIENT_DIST: distDir, ...smtp.env } });
    c = await buildConvening(server);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const openAs = (userId: string, path: string, width = 1024, height = 768) => openSignedIn(browser, server, userId, path, { viewport: { width, height } });
  const row = (page: Page, userId: string) => page.locator(`[data-testid="invitee-row"][data-user-id="${userId}"]`);

  it('the secretary generates and sends the invitations from the session page', async () => {
    const { page, problems, context } = await openAs(c.users.secretariat.id, `/ky-hop/${c.sessionId}`);
    await page.getByRole('link', { name: 'Triệu tập' }).click();
    await page.getByRole('heading', { name: 'Triệu tập kỳ họp', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/trieu-tap/${c.sessionId}`);
    await page.getByText('Chưa tạo giấy mời cho kỳ họp này.').waitFor();

    await page.getByRole('button', { name: 'Tạo giấy mời' }).click();
    await page.getByTestId('convening-status').filter({ hasText: 'Đã tạo thông báo và 5 giấy mời.' }).waitFor();
    expect(await page.getByTestId('notice-line').innerText()).toMatch(/^Thông báo số 01\/TB-HĐND, giấy mời số 01\/GM-HĐND/);
    expect(await page.getByLabel('Số văn bản').inputValue()).toBe('1');
    expect(await row(page, c.users.delegate.id).getByTestId('invitee-sent').innerText()).toBe('chưa gửi');

    await page.getByRole('button', { name: 'Gửi thư mời' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gửi thư mời?' });
    await dialog.getByText('Gửi e-mail kèm giấy mời (PDF) tới 5 người chưa được gửi.').waitFor();
    await dialog.getByRole('button', { name: 'Gửi thư mời' }).click();
    await page.getByTestId('convening-status').filter({ hasText: /^Đã gửi \d+ thư/ }).waitFor();
    expect(await page.getByTestId('convening-status').innerText()).toBe('Đã gửi 4 thư, 1 thư không gửi được, 0 người đã nhận từ trước.');
    expect(await row(page, c.users.delegate.id).getByTestId('invitee-sent').innerText()).toMatch(/^đã gửi /);
    expect(await row(page, c.users.phoneOnly.id).getByTestId('invitee-sent').innerText()).toMatch(/chưa gửi\s+lỗi: Tài khoản chưa có địa chỉ e-mail/);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([c.users.chair.login, c.users.delegate.login, c.users.refused.login, c.users.guest.login].sort());
    expect(smtp.received.every((m) => m.attachments[0]?.contentType === 'application/pdf')).toBe(true);

    await screenshot(page, 'convening-sent-1024.png');
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'convening-sent-1440.png');
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('the delegate sees the invitation on the home page, opens it and reads a document', async () => {
    const { page, problems, context } = await openAs(c.users.delegate.id, '/');
    await page.getByRole('heading', { name: 'Giấy mời họp' }).waitFor();
    const card = page.getByTestId('invitation-card');
    expect(await card.getByRole('heading', { name: 'Kỳ họp thứ Mười hai' }).isVisible()).toBe(true);
    await card.getByText('Hội trường HĐND tỉnh').waitFor();
    expect(await card.getByTestId('invitation-state').innerText()).toBe('Mới');
    await screenshot(page, 'convening-home-1024.png');
    expect(await smallTouchTargets(page)).toEqual([]);

    const [popup] = await Promise.all([context.waitForEvent('page'), card.getByRole('link', { name: 'Mở giấy mời: Kỳ họp thứ Mười hai' }).click()]);
    await popup.waitForLoadState().catch(() => {});
    await popup.close();
    expect(await card.getByTestId('invitation-state').innerText()).toBe('Đã xem');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'convening-home-1440.png');

    const read = await page.request.get(`${server.url}/api/documents/${c.documentId}/file`);
    expect(read.status()).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('the secretary sees "đã xem" for the invitation and the document', async () => {
    const { page, problems, context } = await openAs(c.users.secretariat.id, `/trieu-tap/${c.sessionId}`);
    await expect.poll(async () => {
      await page.reload();
      return row(page, c.users.delegate.id).getByTestId('invitee-opened').innerText();
    }, { timeout: 15_000 }).toMatch(/^đã xem /);
    expect(await row(page, c.users.chair.id).getByTestId('invitee-opened').innerText()).toBe('chưa xem');
    expect(await page.getByTestId('invitee-summary').innerText()).toBe('5 người được mời · 4 đã gửi thư · 1 đã xem giấy mời');

    const doc = page.locator(`[data-testid="document-reads"][data-document-id="${c.documentId}"]`);
    expect(await doc.getByText('1/4 đại biểu đã mở').isVisible()).toBe(true);
    await doc.getByLabel('Xem từng đại biểu: Dự thảo nghị quyết về ngân sách').click();
    const reader = doc.locator(`[data-testid="reader"][data-user-id="${c.users.delegate.id}"]`);
    expect(await reader.innerText()).toMatch(/Nguyễn Thị Ánh Tuyết\s+đã xem /);
    expect(await doc.locator(`[data-testid="reader"][data-user-id="${c.users.refused.id}"]`).innerText()).toMatch(/chưa xem$/);
    await screenshot(page, 'convening-read-1024.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'convening-read-1440.png');
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

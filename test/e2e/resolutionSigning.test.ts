import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ScriptedSitting } from '../helpers/recordsFixtures.js';
import { startRemoteSigningRig, type RemoteSigningRig } from '../helpers/remoteSigningRig.js';
import { buildClient, launchChromium, openSignedIn, shotsAtBothSizes, smallTouchTargets } from './browser.js';

/**
 * An adopted resolution, in Chromium, as its users do it: the secretariat finds the passed vote
 * under the session's "Nghị quyết đã thông qua", drafts the resolution in the official format
 * and writes what was adopted into Article 1; the chair signs it with their own certificate
 * (PIN and OTP at the CSC test service), the seal follows; a delegate finds it signed, with its
 * number. Screenshots at 1024x768 and 1440x900 in test-results/screenshots.
 */
const SHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'hdnd-e2e-resolution-'));
const TOKEN = 'ma-truy-cap-e2e-nq-77';
const PIN = '246810';
const OTP = '135791';
const ADOPTED = 'Tổng dự toán thu ngân sách nhà nước trên địa bàn năm 2027 là 25.000 tỷ đồng.';

const shots = (page: Page, name: string) => shotsAtBothSizes(page, SHOTS, name, { fullPage: false });

describe('an adopted resolution drafted by the secretariat and signed by the chair, in Chromium', () => {
  let rig: RemoteSigningRig;
  let server: RemoteSigningRig['server'];
  let s: ScriptedSitting;
  let browser: Browser;
  let distDir: string;
  const sessionPage = () => `/ky-hop/${String(s.session._id)}`;

  beforeAll(async () => {
    distDir = await buildClient();
    rig = await startRemoteSigningRig(dir, TOKEN, distDir);
    ({ server, s } = rig);
    await rig.enrol(s.cast.users.chair.id, 'Trần Thị Minh Hoa', { pin: PIN, otp: OTP });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await rig?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the secretariat finds the passed vote on the session page, drafts the resolution and writes Article 1', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.secretariat.id, sessionPage(), { viewport: { width: 1280, height: 900 } });
    const list = page.getByTestId('resolutions');
    await list.getByText('Chưa soạn').waitFor();
    await list.getByRole('link', { name: 'Thông qua Nghị quyết về ngân sách' }).click();
    await page.getByTestId('resolution-status').filter({ hasText: 'Chưa có dự thảo nghị quyết.' }).waitFor();
    await page.getByTestId('draft-resolution').click();
    await page.getByTestId('resolution-status').filter({ hasText: 'Dự thảo, bản số 1, chờ Chủ tịch HĐND ký ban hành.' }).waitFor();
    const rendered = page.getByTestId('resolution-rendered');
    await rendered.getByText('QUYẾT NGHỊ:').waitFor();
    await shots(page, 'resolution-drafted');

    await page.getByTestId('mode-edit').click();
    const box = page.getByTestId('resolution-text');
    const text = (await box.inputValue()).replace(/\(Văn phòng HĐND ghi tại đây[^)]*\)/, ADOPTED);
    await box.fill(text);
    await page.getByTestId('save').click();
    await page.getByTestId('resolution-status').filter({ hasText: 'Dự thảo, bản số 2' }).waitFor();
    await page.getByTestId('mode-view').click();
    await rendered.getByText(ADOPTED).waitFor();
    // The secretariat does not sign: the chair does.
    expect(await page.getByTestId('sign').count()).toBe(0);
    await page.getByText('Chủ tịch HĐND ký ban hành nghị quyết.').waitFor();
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it('the chair signs it with PIN and OTP; it gets its number and the seal', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.chair.id, sessionPage(), { viewport: { width: 1280, height: 900 } });
    await page.getByTestId('resolutions').getByRole('link', { name: 'Thông qua Nghị quyết về ngân sách' }).click();
    await page.getByTestId('resolution-status').filter({ hasText: 'Dự thảo, bản số 2' }).waitFor();
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký ban hành nghị quyết, bản số 2?' });
    await dialog.getByTestId('sign-certificate').filter({ hasText: 'Chứng thư số của bạn: Trần Thị Minh Hoa' }).waitFor();
    await dialog.getByText('TM. Hội đồng nhân dân, Chủ tịch').waitFor();
    await dialog.getByRole('button', { name: 'Gửi mã OTP đến điện thoại' }).click();
    await dialog.getByText('Đã gửi mã OTP; hãy xem tin nhắn trên điện thoại của bạn.').waitFor();
    await dialog.getByLabel('Mã PIN ký số').fill(PIN);
    await dialog.getByLabel('Mã OTP').fill(OTP);
    await shots(page, 'resolution-sign-dialog');
    await dialog.getByRole('button', { name: 'Ký ban hành nghị quyết' }).click();
    await page.getByTestId('resolution-status').filter({ hasText: /^Đã ký ban hành: Số: 01\/NQ-HĐND, do Trần Thị Minh Hoa ký lúc/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Tải nghị quyết đã ký (PDF)' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await shots(page, 'resolution-signed');
    expect(problems).toEqual([]);
  }, 90_000);

  it('a delegate finds it signed with its number on the session page and opens it', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.delegate.id, sessionPage(), { viewport: { width: 1024, height: 768 } });
    const item = page.getByTestId('resolutions').getByRole('listitem').filter({ hasText: 'Số: 01/NQ-HĐND' });
    await item.getByText('Đã ký ban hành').waitFor();
    await item.scrollIntoViewIfNeeded();
    await shots(page, 'resolution-session-list');
    await item.getByRole('link').click();
    await page.getByTestId('resolution-rendered').getByText(ADOPTED).waitFor();
    expect(await page.getByTestId('mode-edit').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);
});

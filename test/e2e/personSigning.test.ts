import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { minutesToSign, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import { startRemoteSigningRig, type RemoteSigningRig } from '../helpers/remoteSigningRig.js';
import { buildClient, launchChromium, openSignedIn, shotsAtBothSizes, smallTouchTargets } from './browser.js';

/**
 * The chair signs the minutes in Chromium with their own certificate at a remote signing
 * service (the CSC test service on loopback): the dialog shows the certificate, asks the PIN
 * and the OTP it sends on request, keeps a refused PIN next to its box, and signs; the seal
 * follows on the server. Screenshots at 1024x768 and 1440x900 go to /tmp/shots/records.
 */
const SHOTS = '/tmp/shots/records';
const dir = mkdtempSync(join(tmpdir(), 'hdnd-e2e-person-signing-'));
const TOKEN = 'ma-truy-cap-e2e-4417';
const PIN = '192837';
const OTP = '564738';

const shots = (page: Page, name: string) => shotsAtBothSizes(page, SHOTS, name, { fullPage: false });

describe('the chair signs the minutes with their own certificate, in Chromium', () => {
  let rig: RemoteSigningRig;
  let server: RemoteSigningRig['server'];
  let csc: RemoteSigningRig['csc'];
  let s: ScriptedSitting;
  let browser: Browser;
  let distDir: string;

  beforeAll(async () => {
    distDir = await buildClient();
    rig = await startRemoteSigningRig(dir, TOKEN, distDir);
    ({ server, s, csc } = rig);
    await rig.enrol(s.cast.users.chair.id, 'Trần Thị Minh Hoa', { pin: PIN, otp: OTP });
    await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await rig?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('asks the PIN and the OTP, keeps a refused PIN by its box, then signs; the seal follows', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.chair.id, `/bien-ban/${s.sittingId}`, { viewport: { width: 1280, height: 900 } });
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 1?' });
    await dialog.getByTestId('sign-certificate').filter({ hasText: 'Chứng thư số của bạn: Trần Thị Minh Hoa, hiệu lực đến' }).waitFor();
    expect(await dialog.getByText('Bạn ký trước bằng chứng thư số cá nhân của mình').count()).toBe(1);
    const confirm = dialog.getByRole('button', { name: 'Ký số biên bản' });
    expect(await confirm.isDisabled()).toBe(true);

    const otps = csc.otpsSent;
    await dialog.getByRole('button', { name: 'Gửi mã OTP đến điện thoại' }).click();
    await dialog.getByText('Đã gửi mã OTP; hãy xem tin nhắn trên điện thoại của bạn.').waitFor();
    expect(csc.otpsSent).toBe(otps + 1);
    await dialog.getByLabel('Mã PIN ký số').fill('000000');
    await dialog.getByLabel('Mã OTP').fill(OTP);
    expect(await confirm.isDisabled()).toBe(false);
    await shots(page, 'records-person-sign');
    expect(await smallTouchTargets(page)).toEqual([]);

    await confirm.click();
    await dialog.getByRole('alert').filter({ hasText: 'Mã PIN ký số không đúng' }).waitFor();
    expect(await dialog.getByLabel('Mã PIN ký số').inputValue()).toBe('');
    expect(await dialog.getByLabel('Mã PIN ký số').getAttribute('aria-invalid')).toBe('true');
    await shots(page, 'records-person-sign-wrong-pin');
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();

    await dialog.getByLabel('Mã PIN ký số').fill(PIN);
    await confirm.click();
    await page.getByTestId('minutes-status').filter({ hasText: 'Đã ký số bởi Trần Thị Minh Hoa (bản số 1).' }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(csc.otpsSent).toBe(otps + 1);
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  }, 90_000);

  it('a secretary whose credential is approved on the phone is told to confirm there; signing waits, then the minutes are signed', async () => {
    const login = await rig.enrol(s.cast.users.secretariat.id, 'Lê Văn Thư', { pin: '', phone: true });
    const m = await minutesToSign(server, s, 'Phiên bế mạc');
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.secretariat.id, `/bien-ban/${m.sittingId}`, { viewport: { width: 1280, height: 900 } });
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 1?' });
    await dialog.getByText('Sau khi bấm Ký, hãy mở ứng dụng ký số trên điện thoại và xác nhận (trong vòng 3 phút).').waitFor();
    expect(await dialog.getByLabel('Mã PIN ký số').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Ký số biên bản' }).click();
    await dialog.getByText('Đang ký… Nếu dịch vụ hỏi, hãy xác nhận trên điện thoại.').waitFor();
    // Under way: the request cannot be called back, so the dialog does not pretend it can.
    expect(await dialog.getByRole('button', { name: 'Hủy' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await expect.poll(() => csc.waiting(), { timeout: 15_000 }).toContain(login);
    await shots(page, 'records-person-sign-phone');
    csc.decide(login, 'approve');
    await page.getByTestId('minutes-status').filter({ hasText: 'Đã ký số bởi Lê Văn Thư (bản số 1).' }).waitFor();
    expect(problems).toEqual([]);
  }, 90_000);
});

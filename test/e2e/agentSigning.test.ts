import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { playScriptedSitting, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import type { SigningFixture } from '../helpers/signingFixture.js';
import { agentServerEnv, startAgentFixture } from '../helpers/agentSigningRig.js';
import { desktopAgentSigns, personKeyOnToken, type AgentKey } from '../helpers/desktopAgent.js';
import { sendRaw } from '../helpers/documentFixtures.js';
import { verifyPdfSignatures } from '../../server/src/signing/verify/verifyPdf.js';
import { buildClient, launchChromium, openSignedIn, SCREENSHOT_DIR, shotsAtBothSizes, smallTouchTargets } from './browser.js';

/**
 * The chair signs the minutes, then a resolution, with a USB token in Chromium: in the signing
 * dialog they choose the token, the dialog shows the hand-off (a link opening the desktop
 * signing agent, the addresses and code to copy, the time left) and waits; the test agent,
 * outside the browser, downloads with the addresses the page shows, signs with its key in
 * SoftHSM2 and uploads; the dialog sees the paper signed and closes. Screenshots at 1024x768
 * and 1440x900.
 */
const dir = mkdtempSync(join(tmpdir(), 'hdnd-e2e-agent-signing-'));
const CHAIR_CN = 'Trần Thị Minh Hoa';

const shots = (page: Page, name: string) => shotsAtBothSizes(page, SCREENSHOT_DIR, name, { fullPage: false });

describe('the chair signs the minutes and a resolution with a USB token through the desktop agent, in Chromium', () => {
  let fx: SigningFixture;
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let s: ScriptedSitting;
  let chairKey: AgentKey;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    fx = await startAgentFixture(dir);
    chairKey = await personKeyOnToken(fx.token, fx.pki, 'chu-toa', CHAIR_CN);
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir, ...agentServerEnv(dir, fx) } });
    s = await playScriptedSitting(server, sockets);
    await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
    await s.as.secretariat.post(`/api/polls/${s.polls.named}/resolution`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    await fx?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the hand-off with the agent\'s link, the addresses to copy and the time left; the agent signs outside the browser; the dialog sees it signed', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.chair.id, `/bien-ban/${s.sittingId}`, { viewport: { width: 1280, height: 900 } });
    await page.getByTestId('minutes-status').filter({ hasText: 'Dự thảo, bản số 1, chưa ký.' }).waitFor();
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký số biên bản, bản số 1?' });
    await dialog.getByLabel('Ký bằng USB token (phần mềm ký số trên máy tính)').check();
    await dialog.getByText('Bạn ký bằng USB token qua phần mềm ký số cài trên máy tính').waitFor();
    await shots(page, 'records-usb-sign-choice');
    expect(await smallTouchTargets(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Chuẩn bị bản để ký bằng USB token' }).click();
    const handoff = dialog.getByTestId('agent-handoff');
    await handoff.waitFor();
    const open = handoff.getByRole('link', { name: 'Mở phần mềm ký số' });
    // One address: the agent downloads it (GET) and sends the signed file back to it (PUT).
    const downloadUrl = await handoff.getByLabel('Địa chỉ bản cần ký (tải về bằng GET, gửi bản đã ký bằng PUT)').inputValue();
    const uploadUrl = downloadUrl;
    expect(downloadUrl).toMatch(new RegExp(`^${server.url}/api/signing/agent/[A-Za-z0-9_-]{43}/document$`));
    const link = new URL((await open.getAttribute('href'))!);
    expect([link.protocol, link.host]).toEqual(['hdnd-kyso:', 'sign']);
    expect([link.searchParams.get('download'), link.searchParams.get('upload')]).toEqual([downloadUrl, uploadUrl]);
    expect(Date.parse(link.searchParams.get('expires')!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await handoff.getByLabel('Mã phiên ký (dùng một lần)').inputValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await handoff.getByTestId('agent-waiting').filter({ hasText: /Phiên ký còn hiệu lực trong 1[45]:\d\d\./ }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Đang chờ chữ ký…' }).isDisabled()).toBe(true);
    await shots(page, 'records-usb-sign-waiting');
    expect(await smallTouchTargets(page)).toEqual([]);

    // The desktop agent, outside the browser, with only what the page shows.
    await desktopAgentSigns({ downloadUrl, uploadUrl }, chairKey, { name: CHAIR_CN, tsaUrl: fx.tsa.url });
    await page.getByTestId('minutes-status').filter({ hasText: /^Đã ký số bởi .+ \(bản số 1\)\.$/ }).waitFor({ timeout: 15_000 });
    expect(await dialog.isVisible()).toBe(false);
    await page.evaluate('window.scrollTo(0, 0)');
    await shots(page, 'records-usb-signed');

    const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
    const reports = verifyPdfSignatures(pdf, { anchors: fx.anchors });
    expect(reports.map((r) => [r.signer?.commonName, r.valid])).toEqual([[CHAIR_CN, true], ['HĐND tỉnh Ninh Bình', true]]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('the resolution page offers the same hand-off in the resolution\'s words; the agent signs; the page shows it signed with its number', async () => {
    const { page, problems } = await openSignedIn(browser, server, s.cast.users.chair.id, `/nghi-quyet/${s.polls.named}`, { viewport: { width: 1280, height: 900 } });
    await page.getByTestId('resolution-status').filter({ hasText: 'Dự thảo, bản số 1, chờ Chủ tịch HĐND ký ban hành.' }).waitFor();
    await page.getByTestId('sign').click();
    const dialog = page.getByRole('dialog', { name: 'Ký ban hành nghị quyết, bản số 1?' });
    await dialog.getByLabel('Ký bằng USB token (phần mềm ký số trên máy tính)').check();
    await dialog.getByText('hệ thống chuẩn bị bản nghị quyết chính thức (đã cấp số …/NQ-HĐND)').waitFor();
    await shots(page, 'resolution-usb-sign-choice');
    expect(await smallTouchTargets(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Chuẩn bị nghị quyết để ký bằng USB token' }).click();
    const handoff = dialog.getByTestId('agent-handoff');
    await handoff.getByText('Phần mềm sẽ tải bản nghị quyết về, hỏi mã PIN của token, ký và gửi lại.').waitFor();
    await dialog.getByText('Hệ thống đã chuẩn bị bản nghị quyết chính thức (đã cấp số)').waitFor();
    const url = await handoff.getByLabel('Địa chỉ bản nghị quyết cần ký (tải về bằng GET, gửi bản đã ký bằng PUT)').inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/api/signing/agent/[A-Za-z0-9_-]{43}/document$`));
    expect(await dialog.textContent()).not.toContain('biên bản');
    await handoff.getByTestId('agent-waiting').filter({ hasText: /Phiên ký còn hiệu lực trong 1[45]:\d\d\./ }).waitFor();
    await shots(page, 'resolution-usb-sign-waiting');
    expect(await smallTouchTargets(page)).toEqual([]);

    await desktopAgentSigns({ downloadUrl: url, uploadUrl: url }, chairKey, { name: CHAIR_CN, tsaUrl: fx.tsa.url });
    await page.getByTestId('resolution-status').filter({ hasText: /^Đã ký ban hành: Số: 01\/NQ-HĐND, do .+ ký lúc .+\.$/ }).waitFor({ timeout: 15_000 });
    expect(await dialog.isVisible()).toBe(false);
    await page.evaluate('window.scrollTo(0, 0)');
    await shots(page, 'resolution-usb-signed');

    const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/polls/${s.polls.named}/resolution.pdf`, undefined)).bytes;
    const reports = verifyPdfSignatures(pdf, { anchors: fx.anchors });
    expect(reports.map((r) => [r.signer?.commonName, r.valid])).toEqual([[CHAIR_CN, true], ['HĐND tỉnh Ninh Bình', true]]);
    expect(problems).toEqual([]);
  }, 120_000);
});

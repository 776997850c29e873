import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { buildUser } from '../helpers/factories.js';
import { playScriptedSitting, type ScriptedSitting } from '../helpers/recordsFixtures.js';
import { createTestPki } from '../helpers/testPki.js';
import { certifiedRsa, SEAL_SUBJECT } from '../helpers/signingFixture.js';
import { startCscTestService, type CscTestService } from '../../server/src/signing/remote/cscTestService.js';
import { buildClient, launchChromium, openSignedIn, textOf } from './browser.js';
import { shotsAt } from './fromEmptySteps.js';

/**
 * Quản trị → Chữ ký số → Chứng thư ký số của người ký in Chromium: the administrator enters
 * the credential ID the remote signing service issued to the chair, saves it and checks it
 * (the certificate found, signing nothing). Screenshots at 1024x768 and 1440x900
 * (admin-signers-*.png).
 */
describe('the administrator sets a signer’s credential at the remote signing service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-e2e-signers-'));
  const TOKEN = 'ma-truy-cap-e2e-7a1';
  const CREDENTIAL = 'MYSIGN-84C1-0F2E';
  let server: TestServer;
  let csc: CscTestService;
  let browser: Browser;
  let distDir: string;
  let s: ScriptedSitting;
  let adminId: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    distDir = await buildClient();
    const pki = await createTestPki(join(dir, 'pki'));
    csc = await startCscTestService({ dir, token: TOKEN, credentials: [] });
    server = await startTestServer({ env: { CLIENT_DIST: distDir, SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: TOKEN } });
    s = await playScriptedSitting(server, sockets);
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    csc.add({ id: CREDENTIAL, key: pair.privateKey, chain: await certifiedRsa(pki, pair, { commonName: 'Trần Thị Minh Hoa', organisation: SEAL_SUBJECT.organisation }, 'chair'), pin: '1357', otp: '8642' });
    const admin = await buildUser(server.deps, { displayName: 'Hoàng Văn Quản' });
    await server.deps.models.Membership.create({ userId: admin._id, councilId: s.cast.council._id, role: 'admin' });
    adminId = String(admin._id);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    await csc?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('types the chair’s credential ID, saves it, and the check finds the chair’s certificate and says it asks a PIN and an OTP', async () => {
    const { page, problems } = await openSignedIn(browser, server, adminId, '/quan-tri#chu-ky-so', { viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    const panel = page.getByTestId('signers');
    await panel.getByRole('heading', { name: 'Chứng thư ký số của người ký' }).waitFor();
    const chair = panel.getByTestId('signer').filter({ hasText: 'Chủ tọa' });
    await chair.getByLabel(/^Mã chứng thư của /).fill(CREDENTIAL);
    await chair.getByRole('button', { name: 'Lưu' }).click();
    await chair.getByText(`Đang dùng: ${CREDENTIAL}`).waitFor();
    await chair.getByRole('button', { name: 'Kiểm tra' }).click();
    const result = chair.getByTestId('signer-result');
    await expect.poll(() => textOf(result)).toMatch(/^Tìm thấy chứng thư «Trần Thị Minh Hoa», hiệu lực đến \d\d\/\d\d\/\d{4}; khi ký hỏi: mã PIN, mã OTP\.$/);
    const user = await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ signingCredentialId: string }>();
    expect(user!.signingCredentialId).toBe(CREDENTIAL);
    const layout: string[] = [];
    await shotsAt(page, 'admin', 'signers', layout);
    expect(layout).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});

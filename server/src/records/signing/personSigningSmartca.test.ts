import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesSignOptions } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { minutesToSign, playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { certifiedRsa, SEAL_SUBJECT, startSigningFixture, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { startSmartcaTestService, type SmartcaTestService } from '../../signing/remote/smartcaTestService.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';

/**
 * The chair signs the minutes with their own certificate at VNPT SmartCA through its own API
 * (SIGNING_PERSON_SMARTCA_*): nothing to type, the request waits while the SmartCA app on
 * their phone asks them, and the council's seal (SoftHSM2, PKCS#11) follows their signature.
 * A real sitting, database, CA and timestamp authority; SmartCA is smartcaTestService.ts.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-person-smartca-'));
const SP = { spId: 'hdnd-tinh.apps.smartcaapi.com', spPassword: 'mat-khau-sp-5b7d' };
const CHAIR_NAME = 'Phạm Thị Chủ Tọa';
let fx: SigningFixture;
let smartca: SmartcaTestService;
let server: TestServer;
let s: ScriptedSitting;
let chairUser: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  writeFileSync(join(dir, 'seal-chain.pem'), await fx.sealKey('con-dau-hdnd', 'rsa'));
  writeFileSync(join(dir, 'anchors.pem'), fx.pki.rootPem);
  smartca = await startSmartcaTestService({ ...SP, users: [] });
  server = await startTestServer({
    env: {
      SIGNING_KEY_DIR: join(dir, 'keys'), SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
      SIGNING_PKCS11_KEY_LABEL: 'con-dau-hdnd', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'),
      SIGNING_PERSON_SMARTCA_URL: smartca.url, SIGNING_PERSON_SMARTCA_SP_ID: SP.spId, SIGNING_PERSON_SMARTCA_SP_PASSWORD: SP.spPassword,
      SIGNING_PERSON_SMARTCA_USER: 'cccd-{login}', SIGNING_TSA_URL: fx.tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  s = await playScriptedSitting(server, sockets);
  const login = (await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ login: string }>())!.login;
  chairUser = `cccd-${login}`;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  smartca.add({ userId: chairUser, key: pair.privateKey, chain: await certifiedRsa(fx.pki, pair, { commonName: CHAIR_NAME, organisation: SEAL_SUBJECT.organisation }, 'chair') });
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await smartca?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the chair signs through VNPT SmartCA, then the seal', () => {
  it('the dialog\'s options: their certificate, approval on the VNPT SmartCA app, nothing to type, no integrator password', async () => {
    const res = await s.as.chair.get(`/api/sittings/${s.sittingId}/minutes/sign-options`);
    expect((res.json.data as MinutesSignOptions).person).toEqual({
      credentialId: chairUser, asks: { pin: false, otp: false, otpOnline: false }, approval: 'phone', app: 'VNPT SmartCA',
      certificate: { commonName: CHAIR_NAME, notAfter: expect.any(String) }, problem: null,
    });
    expect(JSON.stringify(res.json)).not.toContain(SP.spPassword);
    const otp = await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/sign-otp`);
    expect(otp.status).toBe(409);
    expect(otp.json.message).toMatch(/^Ký bằng VNPT SmartCA không dùng mã OTP: sau khi bấm Ký, hãy mở ứng dụng VNPT SmartCA/);
  });

  it('approved on the phone after two pendings: the minutes carry the chair\'s signature (PKCS#1 v1.5, as SmartCA signs) and the seal after it, both valid and trusted', async () => {
    const m = await minutesToSign(server, s, 'Phiên ký qua VNPT SmartCA');
    smartca.answers.set(chairUser, { kind: 'approve', pendings: 2 });
    const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
    expect(res.status).toBe(200);
    expect(smartca.transactions.at(-1)).toMatchObject({ userId: chairUser, description: 'Ký số văn bản của Hội đồng nhân dân', polls: 3 });
    const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${m.sittingId}/minutes.pdf`, undefined)).bytes;
    const [chair, seal, ...others] = verifyPdfSignatures(pdf, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(chair).toMatchObject({ valid: true, level: 'B-LTA', algorithm: 'RSA PKCS#1 v1.5 SHA-256', signer: { commonName: CHAIR_NAME }, chain: { trusted: true }, timestamp: { ok: true }, coverage: { laterSignatures: 1 } });
    expect(seal).toMatchObject({ valid: true, level: 'B-LTA', signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true }, coverage: { validationDataOnly: true } });
    writeFileSync(join(dir, 'bien-ban-smartca.pdf'), pdf);
    const report = await pyhankoValidate(join(dir, 'bien-ban-smartca.pdf'), join(dir, 'anchors.pem'));
    expect(report.match(/The signature is judged VALID\./g)).toHaveLength(2);
  }, 60_000);

  it('declined on the phone: 503 saying so in Vietnamese, nothing stored', async () => {
    const m = await minutesToSign(server, s, 'Phiên bị từ chối trên SmartCA');
    const before = await m.stored();
    smartca.answers.set(chairUser, { kind: 'decline' });
    const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
    expect(res.status).toBe(503);
    expect(res.json.message).toMatch(/^Người ký đã từ chối giao dịch ký trên ứng dụng VNPT SmartCA \(127\.0\.0\.1:\d+\); văn bản chưa được ký/);
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  }, 30_000);
});

import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesSignOptions, VerifyResult } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { minutesToSign, playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import type { TestPki } from '../../../../test/helpers/testPki.js';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { inkIn, renderPdfPage } from '../../../../test/helpers/pdfPage.js';
import { PDFDocument } from 'pdf-lib';
import { certifiedRsa, SEAL_SUBJECT, startSigningFixture, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { startCscTestService, type CscTestService } from '../../signing/remote/cscTestService.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';
import { findSignatureFields } from '../../signing/verify/pdfSignatureFields.js';
import { verifyPaths } from '../verify/verifyFiles.js';

/**
 * The chair signs the minutes with their own certificate at a remote signing service (CSC v1,
 * as Viettel MySign and VNPT SmartCA offer officials), typing their PIN and the OTP sent to
 * their phone (or approving on it); the council's seal follows as a second signature, from
 * SoftHSM2 through PKCS#11. A real sitting, database, CA and timestamp authority; the service
 * is cscTestService.ts on loopback.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-person-signing-'));
const TOKEN = 'ma-truy-cap-can-bo-9d41';
const CHAIR_PIN = '314159';
const CHAIR_OTP = '271828';
const CHAIR_NAME = 'Trần Văn Chủ Tọa';
let pki: TestPki;
let fx: SigningFixture;
let csc: CscTestService;
let server: TestServer;
let s: ScriptedSitting;
let chairLogin: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // The seal in SoftHSM2 (PKCS#11), the people's keys at the remote service.
  fx = await startSigningFixture(dir);
  ({ pki } = fx);
  writeFileSync(join(dir, 'seal-chain.pem'), await fx.sealKey('con-dau-hdnd', 'rsa'));
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [] });
  writeFileSync(join(dir, 'anchors.pem'), pki.rootPem);
  server = await startTestServer({
    env: {
      SIGNING_KEY_DIR: join(dir, 'keys'), SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
      SIGNING_PKCS11_KEY_LABEL: 'con-dau-hdnd', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'),
      SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: TOKEN, SIGNING_PERSON_CSC_CREDENTIAL: 'ca-nhan-{login}',
      SIGNING_TSA_URL: fx.tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  s = await playScriptedSitting(server, sockets);
  chairLogin = (await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ login: string }>())!.login;
  // The chair's own certificate, enrolled at the service under their login; the secretariat has none there.
  const chair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  csc.add({ id: `ca-nhan-${chairLogin}`, key: chair.privateKey, chain: await certifiedRsa(pki, chair, { commonName: CHAIR_NAME, organisation: SEAL_SUBJECT.organisation }, 'chair'), pin: CHAIR_PIN, otp: CHAIR_OTP });
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await csc?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const options = async (who: 'chair' | 'secretariat', sittingId: string) => (await s.as[who].get(`/api/sittings/${sittingId}/minutes/sign-options`)).json.data as MinutesSignOptions;

describe('the signing dialog\'s options', () => {
  it('tell the chair their certificate (name, expiry) and that it asks a PIN and an OTP the service sends; no token or PIN in them', async () => {
    const res = await s.as.chair.get(`/api/sittings/${s.sittingId}/minutes/sign-options`);
    expect(res.json.data).toMatchObject({ person: { credentialId: `ca-nhan-${chairLogin}`, asks: { pin: true, otp: true, otpOnline: true }, certificate: { commonName: CHAIR_NAME }, problem: null } });
    expect(JSON.stringify(res.json)).not.toContain(TOKEN);
    expect(JSON.stringify(res.json)).not.toContain(CHAIR_PIN);
  });

  it('tell a signer with no certificate at the service why they cannot sign yet, in Vietnamese', async () => {
    const { person } = await options('secretariat', s.sittingId);
    expect(person).toMatchObject({ certificate: null, asks: { pin: false, otp: false } });
    expect(person!.problem).toMatch(/^Không tìm thấy chứng thư ký số trên dịch vụ 127\.0\.0\.1:\d+/);
  });

  it('are refused to a delegate', async () => {
    expect((await s.as.delegate.get(`/api/sittings/${s.sittingId}/minutes/sign-options`)).status).toBe(403);
    expect((await s.as.delegate.post(`/api/sittings/${s.sittingId}/minutes/sign-otp`)).status).toBe(403);
  });
});

describe('a PIN missing or wrong', () => {
  it('is answered 400 on the PIN box, without the PIN in the message, and nothing is stored', async () => {
    const m = await minutesToSign(server, s, 'Phiên ký sai mã PIN');
    const before = await m.stored();
    const none = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
    expect(none.status).toBe(400);
    expect(none.json.issues).toEqual([{ path: 'pin', message: 'Hãy nhập mã PIN của chứng thư ký số. / Enter your signing PIN.' }]);
    const wrong = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision, pin: '000111', otp: CHAIR_OTP });
    expect(wrong.status).toBe(400);
    expect(wrong.json.issues[0].path).toBe('pin');
    expect(wrong.json.message).toMatch(/^Mã PIN ký số không đúng/);
    expect(JSON.stringify(wrong.json)).not.toContain('000111');
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  });
});

describe('the chair signs with PIN and OTP, then the seal', () => {
  let signed: Buffer;
  let otpsBefore: number;
  beforeAll(async () => {
    const gen = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
    otpsBefore = csc.otpsSent;
    expect((await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/sign-otp`)).json.data).toEqual({ sent: true });
    const res = await s.as.chair.post(`/api/sittings/${s.sittingId}/minutes/sign`, { revision: gen.json.data.revision, pin: CHAIR_PIN, otp: CHAIR_OTP });
    expect(res.status).toBe(200);
    signed = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined)).bytes;
  }, 60_000);

  it('one OTP was sent, when the chair asked for it, and none again while signing', () => {
    expect(csc.otpsSent - otpsBefore).toBe(1);
  });

  it('the PDF holds the chair\'s signature then the seal\'s, both B-LTA, valid and trusted; the chair\'s covers its revision, the seal all but the validation data and document timestamp after it', () => {
    const [chair, seal, ...others] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(chair).toMatchObject({ valid: true, level: 'B-LTA', signer: { commonName: CHAIR_NAME }, chain: { trusted: true }, coverage: { laterSignatures: 1 } });
    // After the seal only the archive's validation data (certificates and CRLs in a DSS) and a document timestamp over it were appended.
    expect(seal).toMatchObject({ valid: true, level: 'B-LTA', signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true }, coverage: { wholeFile: false, validationDataOnly: true } });
  });

  it('the app\'s check (Kiểm tra) finds both intact, names the seal as the council\'s registered certificate and lists both signers', async () => {
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', signed, { 'content-type': 'application/pdf' });
    const data = res.json.data as VerifyResult;
    expect(data).toMatchObject({ ok: true, embedded: { present: true, ok: true, commonName: SEAL_SUBJECT.commonName, registered: true, problem: null, details: { level: 'B-LTA', trusted: true, development: false } } });
    expect(data.embedded!.details!.sentences).toContain('Chữ ký số thứ 1: HỢP LỆ.');
    expect(data.embedded!.details!.sentences).toContain('Chữ ký số thứ 2: HỢP LỆ.');
    expect(data.embedded!.details!.sentences.join('\n')).toContain(`Người ký: ${CHAIR_NAME}`);
  });

  it('pyHanko judges both VALID and the update after the chair\'s signature a signing operation', async () => {
    writeFileSync(join(dir, 'bien-ban.pdf'), signed);
    const report = await pyhankoValidate(join(dir, 'bien-ban.pdf'), join(dir, 'anchors.pem'));
    expect(report.match(/The signature is judged VALID\./g)).toHaveLength(2);
    expect(report).toContain(`Common Name: ${CHAIR_NAME}`);
    expect(report).toContain('All modifications relate to signing and form filling operations');
  });

  it('pyHanko\'s AdES validation, with nothing to fetch, judges both VALID from the CRLs kept in the file, the document timestamp their proof of existence (LTA), and the same file without them INVALID', async () => {
    fx.crls.offline(true);
    try {
      writeFileSync(join(dir, 'bien-ban-lt.pdf'), signed);
      const lta = await pyhankoValidate(join(dir, 'bien-ban-lt.pdf'), join(dir, 'anchors.pem'), { ades: true });
      expect(lta.match(/The signature is judged VALID\./g)).toHaveLength(2);
      expect(lta.match(/AdES time slide yields/g)).toHaveLength(2);
      expect(lta).not.toContain('proceeding without past proof of existence');
      // The control: cut at the end of the seal's revision (before the DSS update and the document timestamp), it is B-T only.
      const [, , c, d] = findSignatureFields(signed).filter((f) => !f.documentTimestamp).at(-1)!.byteRange;
      writeFileSync(join(dir, 'bien-ban-bt.pdf'), signed.subarray(0, c + d));
      const bt = await pyhankoValidate(join(dir, 'bien-ban-bt.pdf'), join(dir, 'anchors.pem'), { ades: true });
      expect(bt).toContain('no revocation information could be found');
      expect(bt.match(/The signature is judged INVALID\./g)).toHaveLength(2);
    } finally {
      fx.crls.offline(false);
    }
  });

  it('both are visible in the chair\'s block as Decree 30/2020 lays them out: the chair\'s in blue, the seal in red at 34 mm over its left third; poppler draws them (screenshot)', async () => {
    const doc = await PDFDocument.load(signed);
    const [chair, seal] = doc.getForm().getFields().map((f) => f.acroField.getWidgets()[0]!);
    const pageIndex = doc.getPages().findIndex((p) => p.ref.objectNumber === chair!.P()?.objectNumber);
    expect(pageIndex).toBeGreaterThanOrEqual(0);
    expect(seal!.P()?.objectNumber).toBe(chair!.P()?.objectNumber);
    const [c, k] = [chair!.getRectangle(), seal!.getRectangle()];
    // The chair's block is the right column (it starts half the measure after the 30 mm left margin).
    expect(c.x).toBeGreaterThan(85 + (595.28 - 85 - 42.5) / 2);
    expect(k.width).toBeCloseTo(96.4, 0);
    expect(k.x + k.width).toBeCloseTo(c.x + c.width / 3, 0);
    expect(k.y + k.height / 2).toBeCloseTo(c.y + c.height / 2, 0);
    const page = renderPdfPage(signed, pageIndex + 1, 'minutes-signed-chair-and-seal');
    expect(inkIn(page, { ...c, x: k.x + k.width, width: c.x + c.width - (k.x + k.width) }, 'blue')).toBeGreaterThan(150);
    expect(inkIn(page, k, 'red')).toBeGreaterThan(400);
  });

  it('records:verify, offline, passes the PDF with its signature file and reports both signatures', async () => {
    writeFileSync(join(dir, 'bien-ban.pdf'), signed);
    writeFileSync(join(dir, 'bien-ban.pdf.sig.json'), (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined)).bytes);
    const { code, lines } = await verifyPaths({ file: join(dir, 'bien-ban.pdf'), trustAnchors: fx.anchors });
    expect(code).toBe(0);
    expect(lines).toContain('  Chữ ký số thứ 1: HỢP LỆ.');
    expect(lines).toContain('  Chữ ký số thứ 2: HỢP LỆ.');
  });
});

describe('a credential the service authorizes on the holder\'s phone', () => {
  let secretary: string;
  beforeAll(async () => {
    const login = (await server.deps.models.User.findById(s.cast.users.secretariat.id).lean<{ login: string }>())!.login;
    secretary = `ca-nhan-${login}`;
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    csc.add({ id: secretary, key: pair.privateKey, chain: await certifiedRsa(pki, pair, { commonName: 'Lê Văn Thư', organisation: SEAL_SUBJECT.organisation }, 'secretary'), pin: '', phone: true });
  });

  /** Starts signing, waits until the service holds the request for the phone, then lets the holder decide. */
  async function signOnPhone(sittingId: string, revision: number, decision: 'approve' | 'decline') {
    const answer = s.as.secretariat.post(`/api/sittings/${sittingId}/minutes/sign`, { revision });
    await expect.poll(() => csc.waiting(), { timeout: 15_000 }).toContain(secretary);
    csc.decide(secretary, decision);
    return answer;
  }

  it('asks for nothing to type: the dialog tells the signer to confirm on the phone', async () => {
    expect((await options('secretariat', s.sittingId)).person).toMatchObject({ asks: { pin: false, otp: false, otpOnline: false }, certificate: { commonName: 'Lê Văn Thư' }, problem: null });
  });

  it('signing waits for the approval on the phone, then the minutes carry the secretary\'s signature and the seal', async () => {
    const m = await minutesToSign(server, s, 'Phiên ký trên điện thoại');
    const res = await signOnPhone(m.sittingId, m.revision, 'approve');
    expect(res.status).toBe(200);
    const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${m.sittingId}/minutes.pdf`, undefined)).bytes;
    const reports = verifyPdfSignatures(pdf, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(reports.map((r) => [r.signer?.commonName, r.valid])).toEqual([['Lê Văn Thư', true], [SEAL_SUBJECT.commonName, true]]);
  });

  it('declined on the phone: 503 saying so in Vietnamese, nothing stored', async () => {
    const m = await minutesToSign(server, s, 'Phiên bị từ chối ký');
    const before = await m.stored();
    const res = await signOnPhone(m.sittingId, m.revision, 'decline');
    expect(res.status).toBe(503);
    expect(res.json.message).toMatch(/^Người ký đã từ chối yêu cầu ký trên điện thoại \(dịch vụ 127\.0\.0\.1:\d+\); văn bản chưa được ký/);
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  });
});

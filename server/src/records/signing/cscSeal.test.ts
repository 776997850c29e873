import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { minutesToSign, playScriptedSitting, signedMinutesOf, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { startTestTsa, type TestTsa } from '../../../../test/helpers/testTsa.js';
import { certifiedRsa, SEAL_SUBJECT } from '../../../../test/helpers/signingFixture.js';
import { certificateFingerprint } from '../../signing/certificates.js';
import { startCscTestService, type CscTestService } from '../../signing/remote/cscTestService.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';
import { sealSettingsOf } from '../../signing/settings.js';
import { checkSeal } from './sealCheck.js';

/**
 * The minutes sealed with the council's key kept by a remote signing service (CSC API v1, as
 * Viettel MySign and VNPT SmartCA offer it to organisations) when the server is configured
 * for it (SIGNING_CSC_*): a real sitting, database, CA and timestamp authority; the service is
 * cscTestService.ts on loopback (no trust service is reachable from these machines).
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-csc-seal-'));
const keyDir = join(dir, 'keys');
const TOKEN = 'ma-truy-cap-don-vi-51c2';
const PIN = '808080';
const CREDENTIAL = 'con-dau-hdnd';
let pki: TestPki;
let tsa: TestTsa;
let csc: CscTestService;
let chain: Buffer[];
let server: TestServer;
let s: ScriptedSitting;
let signed: Buffer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  pki = await createTestPki(join(dir, 'pki'));
  tsa = await startTestTsa(pki);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  chain = await certifiedRsa(pki, { privateKey, publicKey }, SEAL_SUBJECT, 'csc-seal');
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [
    { id: CREDENTIAL, key: privateKey, chain, pin: PIN },
    { id: 'con-dau-can-otp', key: privateKey, chain, pin: PIN, otp: '111222' },
  ] });
  writeFileSync(join(dir, 'anchors.pem'), pki.rootPem);
  server = await startTestServer({
    env: {
      SIGNING_KEY_DIR: keyDir, SIGNING_CSC_URL: csc.url, SIGNING_CSC_TOKEN: TOKEN, SIGNING_CSC_CREDENTIAL: CREDENTIAL, SIGNING_CSC_PIN: PIN,
      SIGNING_TSA_URL: tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  s = await playScriptedSitting(server, sockets);
  signed = await signedMinutesOf(s);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await csc?.stop();
  await tsa?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('minutes sealed with the key at a remote signing service (CSC)', () => {
  it('carry one PAdES B-T signature by the service\'s seal credential, valid and trusted up to the test root', () => {
    const [report, ...others] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, level: 'B-T', development: false, algorithm: 'RSA-PSS SHA-256', coverage: { wholeFile: true },
      signer: { commonName: SEAL_SUBJECT.commonName, fingerprint: certificateFingerprint(chain[0]!) },
    });
  });

  it('the service was asked for the credential, one authorization and one hash signed; no key or PKCS#12 file is made here', () => {
    expect(csc.calls).toEqual(['credentials/info', 'credentials/authorize', 'signatures/signHash']);
    expect(readdirSync(keyDir)).toEqual([`${s.councilId}.ed25519.pem`]);
  });

  it('the app\'s check names the seal as the council\'s registered certificate, B-T and trusted', async () => {
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', signed, { 'content-type': 'application/pdf' });
    const data = res.json.data as VerifyResult;
    expect(data).toMatchObject({ ok: true, embedded: { present: true, ok: true, commonName: SEAL_SUBJECT.commonName, registered: true } });
    expect(data.embedded?.details).toMatchObject({ level: 'B-T', trusted: true, development: false });
  });
});

describe('the seal checked before the first signature (Quản trị → Chữ ký số)', () => {
  it('names where the key is, the timestamp authority and the trust anchors, with no secret in it', async () => {
    const res = await s.as.secretariat.get(`/api/councils/${s.councilId}/seal`);
    expect(res.json.data).toMatchObject({ seal: { kind: 'csc', where: expect.stringMatching(/^Dịch vụ ký số từ xa 127\.0\.0\.1:\d+, chứng thư «con-dau-hdnd»$/) }, timestampUrl: tsa.url, level: 'B-LTA', trustAnchors: [{ commonName: expect.any(String) }] });
    expect(JSON.stringify(res.json)).not.toContain(TOKEN);
    expect(JSON.stringify(res.json)).not.toContain(PIN);
  });

  it('opens the credential, reads its certificate, chains it to the root and gets a timestamp, signing nothing; a certificate near its end is a warning', async () => {
    const calls = csc.calls.length;
    const res = await s.as.secretariat.post(`/api/councils/${s.councilId}/seal/check`);
    // The test CA's certificates live for days, not years: the check warns that this one needs renewing.
    expect(res.json.data).toMatchObject({ status: 'warning', certificate: { commonName: SEAL_SUBJECT.commonName, organisation: SEAL_SUBJECT.organisation, trusted: true, fingerprint: certificateFingerprint(chain[0]!) } });
    expect(res.json.data.sentences).toContainEqual(expect.stringMatching(/^Chứng thư còn \d+ ngày: hãy xin gia hạn\.$/));
    expect(res.json.data.sentences).toContainEqual(expect.stringMatching(/^Chuỗi chứng thư tới gốc tin cậy: HĐND tỉnh Ninh Bình → .+ → .+\.$/));
    expect(res.json.data.sentences).toContain(`Máy chủ cấp dấu thời gian trả lời (${new URL(tsa.url).host}): chữ ký đạt mức PAdES B-T.`);
    expect(csc.calls.slice(calls)).toEqual(['credentials/info']);
  });

  it('a credential that asks for an OTP is reported unusable as a seal, before anything is signed', async () => {
    const seal = await sealSettingsOf({ ...server.deps.config, SIGNING_CSC_CREDENTIAL: 'con-dau-can-otp' }, s.councilId);
    const report = await checkSeal(seal, [new X509Certificate(pki.rootPem)]);
    expect(report.status).toBe('error');
    expect(report.sentences[1]).toMatch(/^Không mở được khóa con dấu: Chứng thư con dấu "con-dau-can-otp" trên dịch vụ ký số từ xa đòi mã OTP/);
  });

  it('is refused to a delegate or an observer', async () => {
    expect((await s.as.delegate.get(`/api/councils/${s.councilId}/seal`)).status).toBe(403);
    expect((await s.as.observer.post(`/api/councils/${s.councilId}/seal/check`)).status).toBe(403);
  });
});

describe('when the service signs with another key than its certificate\'s', () => {
  it('signing answers 503 in Vietnamese and stores nothing: no signature, no file, the minutes still unsigned', async () => {
    const m = await minutesToSign(server, s, 'Phiên ký sai khóa');
    const before = await m.stored();
    csc.misbehave.set('signatures/signHash', 'other-key');
    try {
      const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
      expect(res.status).toBe(503);
      expect(res.json.message).toMatch(/^Dịch vụ ký số từ xa \(127\.0\.0\.1:\d+\) trả lời không hợp lệ .*chữ ký không khớp khóa công khai của chứng thư/);
      expect(res.json.message).not.toContain(PIN);
      expect(res.json.message).not.toContain(TOKEN);
    } finally {
      csc.misbehave.delete('signatures/signHash');
    }
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  });
});

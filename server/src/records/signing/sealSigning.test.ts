import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VerifyResult } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { minutesToSign, playScriptedSitting, signedMinutesOf, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { startSigningFixture, SEAL_SUBJECT, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';
import { certificateFingerprint, certificatesFromPem } from '../../signing/certificates.js';
import { verifyPaths } from '../verify/verifyFiles.js';

/**
 * The minutes sealed with the council's key on a PKCS#11 token (SoftHSM2) as PAdES B-LTA,
 * when the server is configured for it (SIGNING_PKCS11_*, SIGNING_TSA_URL): a real sitting,
 * database, token, CA and timestamp authority, all started here.
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-seal-'));
const keyDir = join(dir, 'keys');
let fx: SigningFixture;
let chainPem: string;
let server: TestServer;
let s: ScriptedSitting;
let signed: Buffer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  chainPem = await fx.sealKey('con-dau-hdnd', 'rsa');
  writeFileSync(join(dir, 'seal-chain.pem'), chainPem);
  writeFileSync(join(dir, 'anchors.pem'), fx.pki.rootPem);
  server = await startTestServer({
    env: {
      SIGNING_KEY_DIR: keyDir, SIGNING_PKCS11_MODULE: fx.token.module, SIGNING_PKCS11_TOKEN_LABEL: fx.token.tokenLabel, SIGNING_PKCS11_PIN: fx.token.pin,
      SIGNING_PKCS11_KEY_LABEL: 'con-dau-hdnd', SIGNING_CERT_CHAIN: join(dir, 'seal-chain.pem'), SIGNING_TSA_URL: fx.tsa.url,
      SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  s = await playScriptedSitting(server, sockets);
  signed = await signedMinutesOf(s);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('minutes sealed with the key on a PKCS#11 token', () => {
  it('carry one PAdES B-LTA signature by the seal, valid and trusted up to the test root; after it only the archive\'s validation data and document timestamp', () => {
    const [report, ...others] = verifyPdfSignatures(signed, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, level: 'B-LTA', archiveTimestamp: { ok: true, chain: { trusted: true } }, development: false, algorithm: 'RSA-PSS SHA-256', coverage: { wholeFile: false, validationDataOnly: true },
      signer: { commonName: SEAL_SUBJECT.commonName, fingerprint: certificateFingerprint(certificatesFromPem(chainPem)[0]!) },
    });
  });

  it('pdfsig finds the signature valid and the certificate trusted, and lists the document timestamp after it', async () => {
    const nss = join(dir, 'nss');
    await run('mkdir', ['-p', nss]);
    await run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    await run('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'goc', '-t', 'CT,C,C', '-i', join(dir, 'anchors.pem')]);
    writeFileSync(join(dir, 'bien-ban.pdf'), signed);
    const { stdout } = await run('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, 'bien-ban.pdf')]);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Certificate Validation: Certificate is Trusted.');
    expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(stdout).toContain('Signature Field Name: Dau thoi gian luu tru');
  });

  it('no key file is made (the Ed25519 record key is on the token too, recordKeyToken.test.ts), and the seal certificate is the council\'s registered one', async () => {
    expect(existsSync(keyDir) ? readdirSync(keyDir) : []).toEqual([]);
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', signed, { 'content-type': 'application/pdf' });
    expect(res.json.data as VerifyResult).toMatchObject({ ok: true, embedded: { present: true, ok: true, commonName: SEAL_SUBJECT.commonName, registered: true } });
  });

  it('the app\'s check reports the seal against the server\'s trust anchors: B-LTA, trusted, timestamped, in Vietnamese', async () => {
    const res = await sendRaw(s.as.observer, 'POST', '/api/records/verify?name=bien-ban.pdf', signed, { 'content-type': 'application/pdf' });
    const details = (res.json.data as VerifyResult).embedded?.details;
    expect(details).toMatchObject({ level: 'B-LTA', trusted: true, development: false });
    expect(Date.parse(details!.timestampAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(details!.sentences[0]).toBe('Chữ ký số thứ 1: HỢP LỆ.');
    expect(details!.sentences).toContain('Mức PAdES đạt được: B-LTA (ETSI.CAdES.detached).');
    expect(details!.sentences.join('\n')).toMatch(/^Dấu thời gian lưu trữ \(B-LTA\): HỢP LỆ, lúc .+ do Dấu thời gian Thử nghiệm \(Thử nghiệm\) cấp\.$/m);
    expect(details!.sentences).toContain('Tình trạng thu hồi chứng thư: không bị thu hồi tại thời điểm ký, theo danh sách thu hồi (CRL) của CA cấp Thử nghiệm, Gốc Thử nghiệm lưu trong tệp (DSS).');
  });

  it('records:verify reports the signature in Vietnamese against the configured trust anchors', async () => {
    const sig = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined)).bytes;
    writeFileSync(join(dir, 'bien-ban.pdf.sig.json'), sig);
    const { code, lines } = await verifyPaths({ file: join(dir, 'bien-ban.pdf'), trustAnchors: fx.anchors });
    expect(code).toBe(0);
    expect(lines).toContain('  Chữ ký số thứ 1: HỢP LỆ.');
    expect(lines).toContain('  Mức PAdES đạt được: B-LTA (ETSI.CAdES.detached).');
  });
});

describe('the tally record sealed with the same key', () => {
  it('carries one PAdES B-LTA signature by the seal, valid and trusted; the second download is the same file', async () => {
    const download = async () => (await sendRaw(s.as.chair, 'GET', `/api/polls/${s.polls.named}/tally-record.pdf`, undefined)).bytes;
    const first = await download();
    expect((await download()).equals(first)).toBe(true);
    const [report, ...others] = verifyPdfSignatures(first, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({ valid: true, level: 'B-LTA', development: false, signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true }, coverage: { validationDataOnly: true } });
  });
});

describe('the revocation lists (B-LT) and the document timestamp (B-LTA)', () => {
  it('with SIGNING_LTA=off the minutes stop at B-LT: no document timestamp is asked for', async () => {
    server.deps.config.SIGNING_LTA = 'off';
    try {
      const m = await minutesToSign(server, s, 'Phiên không đóng dấu thời gian lưu trữ');
      expect((await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision })).status).toBe(200);
      const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${m.sittingId}/minutes.pdf`, undefined)).bytes;
      expect(verifyPdfSignatures(pdf, { anchors: fx.anchors })).toMatchObject([{ valid: true, level: 'B-LT', archiveTimestamp: null, coverage: { validationDataOnly: true } }]);
    } finally {
      server.deps.config.SIGNING_LTA = 'on';
    }
  });

  it('when the timestamp authority fails at the document timestamp, the minutes stay B-LT (a warning in the log); with SIGNING_LTV=required, 503 with its reason, nothing stored', async () => {
    const warn = vi.spyOn(server.deps.log, 'warn');
    try {
      fx.tsa.answerOnly(1); // the seal's own timestamp, not the document timestamp
      const best = await minutesToSign(server, s, 'Phiên không có dấu thời gian lưu trữ');
      expect((await s.as.chair.post(`/api/sittings/${best.sittingId}/minutes/sign`, { revision: best.revision })).status).toBe(200);
      expect(warn).toHaveBeenCalledWith({ reason: expect.stringMatching(/^Máy chủ cấp dấu thời gian .* từ chối yêu cầu: HTTP 503/) }, 'sealed without the archive timestamp (B-LT, not B-LTA)');
      const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${best.sittingId}/minutes.pdf`, undefined)).bytes;
      expect(verifyPdfSignatures(pdf, { anchors: fx.anchors })).toMatchObject([{ valid: true, level: 'B-LT', archiveTimestamp: null }]);

      server.deps.config.SIGNING_LTV = 'required';
      fx.tsa.answerOnly(1);
      const m = await minutesToSign(server, s, 'Phiên bắt buộc dấu thời gian lưu trữ');
      const before = await m.stored();
      const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
      expect(res.status).toBe(503);
      expect(res.json.message).toMatch(/^Máy chủ cấp dấu thời gian \(http:\/\/127\.0\.0\.1:\d+\/tsa\) từ chối yêu cầu: HTTP 503; văn bản chưa được ký/);
      expect(await m.stored()).toEqual({ ...before, signatures: 0 });
    } finally {
      warn.mockRestore();
      server.deps.config.SIGNING_LTV = 'on';
      fx.tsa.answerOnly(null);
    }
  });

  it('when the CA\'s CRL cannot be fetched, the minutes are still signed, B-T (said in the log); with SIGNING_LTV=required, 503 saying where, nothing stored', async () => {
    fx.crls.offline(true);
    try {
      const best = await minutesToSign(server, s, 'Phiên không lấy được CRL');
      expect((await s.as.chair.post(`/api/sittings/${best.sittingId}/minutes/sign`, { revision: best.revision })).status).toBe(200);
      const pdf = (await sendRaw(s.as.delegate, 'GET', `/api/sittings/${best.sittingId}/minutes.pdf`, undefined)).bytes;
      expect(verifyPdfSignatures(pdf, { anchors: fx.anchors })).toMatchObject([{ valid: true, level: 'B-T', coverage: { wholeFile: true } }]);

      server.deps.config.SIGNING_LTV = 'required';
      const m = await minutesToSign(server, s, 'Phiên bắt buộc B-LT');
      const before = await m.stored();
      const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
      expect(res.status).toBe(503);
      expect(res.json.message).toMatch(/^Không lấy được danh sách chứng thư bị thu hồi \(CRL\) tại http:\/\/127\.0\.0\.1:\d+\/(issuing|root)\.crl: HTTP 503; văn bản chưa được ký/);
      expect(await m.stored()).toEqual({ ...before, signatures: 0 });
    } finally {
      server.deps.config.SIGNING_LTV = 'on';
      fx.crls.offline(false);
    }
  });

  it('with the seal\'s certificate revoked by its CA, signing is refused naming it, and stores nothing', async () => {
    const m = await minutesToSign(server, s, 'Phiên ký bằng chứng thư bị thu hồi');
    const before = await m.stored();
    await fx.pki.revoke(chainPem);
    const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
    expect(res.status).toBe(503);
    expect(res.json.message).toBe(`Chứng thư số "${SEAL_SUBJECT.commonName}" đã bị thu hồi; không ký bằng chứng thư này / the certificate "${SEAL_SUBJECT.commonName}" is revoked`);
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  });
});

describe('when the timestamp authority is down', () => {
  it('signing answers 503 in Vietnamese and stores nothing: no signature, no file, the minutes still unsigned', async () => {
    const m = await minutesToSign(server, s, 'Phiên không có dấu thời gian');
    const before = await m.stored();
    await fx.tsa.stop();
    const res = await s.as.chair.post(`/api/sittings/${m.sittingId}/minutes/sign`, { revision: m.revision });
    expect(res.status).toBe(503);
    expect(res.json.message).toMatch(/^Không kết nối được máy chủ cấp dấu thời gian \(http:\/\/127\.0\.0\.1:\d+\/tsa\); văn bản chưa được ký/);
    expect(await m.stored()).toEqual({ ...before, signatures: 0 });
  });
});

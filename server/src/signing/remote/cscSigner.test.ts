import { execFile } from 'node:child_process';
import { constants, createHash, generateKeyPairSync, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { startTestTsa, type TestTsa } from '../../../../test/helpers/testTsa.js';
import { certificatesFromPem } from '../certificates.js';
import { addPadesPlaceholder, signPades } from '../pdf/pades.js';
import { verifyPdfSignatures } from '../verify/verifyPdf.js';
import type { SignatureScheme } from '../signer.js';
import { CscClient } from './cscClient.js';
import { openCscSigner, type CscAuthorizationPrompt, type CscSignerSettings } from './cscSigner.js';
import { startCscTestService, type CscTestService } from './cscTestService.js';

/**
 * The CSC v1 signer against a real CSC service on loopback (cscTestService.ts) holding an
 * RSA 2048 and an EC P-256 key certified by the test PKI: only hashes go out, signatures
 * come back and are checked, and every failure reads as a sentence without secrets.
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-csc-'));
const TOKEN = 'access-token-bi-mat-7f3a';
const PIN = '246810';
const OTP = '135790';
const HOLDER = { commonName: 'Chủ tịch HĐND xã Thử nghiệm', organisation: 'Hội đồng nhân dân xã Thử nghiệm' };
let pki: TestPki;
let tsa: TestTsa;
let csc: CscTestService;
let asked: CscAuthorizationPrompt[] = [];

/** A key certified by the test PKI's issuing CA (request made by openssl); the chain is leaf then issuing CA. */
async function certified(key: KeyObject, name: string): Promise<Buffer[]> {
  writeFileSync(join(dir, `${name}.key`), key.export({ type: 'pkcs8', format: 'pem' }));
  await run('openssl', ['req', '-new', '-key', `${name}.key`, '-utf8', '-subj', `/C=VN/O=${HOLDER.organisation}/CN=${HOLDER.commonName}`, '-outform', 'DER', '-out', `${name}.csr`], { cwd: dir });
  return certificatesFromPem((await pki.issue(readFileSync(join(dir, `${name}.csr`)), name)) + pki.issuingPem);
}

beforeAll(async () => {
  pki = await createTestPki(join(dir, 'pki'));
  tsa = await startTestTsa(pki);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const [rsaChain, ecChain] = [await certified(rsa, 'rsa'), await certified(ec, 'ec')];
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [
    { id: 'cred-rsa', key: rsa, chain: rsaChain, pin: PIN }, { id: 'cred-ec', key: ec, chain: ecChain, pin: PIN },
    { id: 'cred-rsa-otp', key: rsa, chain: rsaChain, pin: PIN, otp: OTP },
  ] });
}, 60_000);
afterAll(async () => {
  await csc?.stop();
  await tsa?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (over: Partial<CscSignerSettings> = {}): CscSignerSettings => ({
  baseUrl: csc.url, accessToken: TOKEN, credentialId: 'cred-rsa',
  authorize: async (prompt) => {
    asked.push(prompt);
    return { pin: PIN, otp: OTP };
  },
  ...over,
});
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error & { code: string; reason: string });
/** The message and its causes, everything a log could print. */
const printed = (e: Error) => `${e.message} ${String(e.cause)} ${JSON.stringify(e)}`;
const PSS: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pss' };
const PKCS1: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pkcs1' };
const data = Buffer.from('Biên bản kỳ họp thứ 5, HĐND xã Thử nghiệm');
const digest = createHash('sha256').update(data).digest();

describe('opening a credential', () => {
  it('reads its chain and key from credentials/info, is not a development signer, and names the host and credential but no secret', async () => {
    const signer = await openCscSigner(settings());
    expect(signer).toMatchObject({ keyType: 'rsa', development: false });
    expect(signer.chain).toHaveLength(2);
    expect(new X509Certificate(signer.chain[0]!).subject).toContain(`CN=${HOLDER.commonName}`);
    expect(new X509Certificate(signer.chain[1]!).subject).toContain('CN=CA cấp Thử nghiệm');
    expect(signer.description).toBe(`Dịch vụ ký số từ xa (CSC) ${new URL(csc.url).host}, chứng thư / credential "cred-rsa"`);
    expect((await openCscSigner(settings({ credentialId: 'cred-ec' }))).keyType).toBe('ec');
    expect(await new CscClient({ baseUrl: csc.url, accessToken: TOKEN }).listCredentials()).toEqual(['cred-rsa', 'cred-ec', 'cred-rsa-otp']);
  });

  it('an unknown credential is reported as not found', async () => {
    const err = await failure(openCscSigner(settings({ credentialId: 'khong-co' })));
    expect(err).toMatchObject({ code: 'key_not_found', reason: 'credential_not_found' });
    expect(err.message).toMatch(/^Không tìm thấy chứng thư ký số trên dịch vụ 127\.0\.0\.1:\d+/);
  });

  it('a refused access token is reported as such, without the token', async () => {
    const err = await failure(openCscSigner(settings({ accessToken: 'token-sai-9c1e' })));
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'token_rejected' });
    expect(err.message).toContain('không chấp nhận khóa truy cập (access token)');
    expect(printed(err)).not.toContain('token-sai-9c1e');
  });
});

describe('signing a digest', () => {
  it.each([
    ['RSA PKCS#1 v1.5 (signAlgo rsaEncryption)', 'cred-rsa', PKCS1, {}],
    ['RSA PKCS#1 v1.5 (signAlgo sha256WithRSAEncryption)', 'cred-rsa', PKCS1, { pkcs1SignAlgo: 'withHash' as const }],
    ['RSA-PSS (signAlgoParams RSASSA-PSS-params)', 'cred-rsa', PSS, {}],
    ['ECDSA P-256', 'cred-ec', PKCS1, {}],
  ])('signs a digest with %s that the certificate\'s public key verifies', async (_name, credentialId, scheme, over) => {
    asked = [];
    const before = csc.calls.length;
    const signer = await openCscSigner(settings({ credentialId, ...over }));
    const signature = await signer.signDigest(digest, scheme);
    const key = new X509Certificate(signer.chain[0]!).publicKey;
    const padding = scheme.rsaPadding === 'pss' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {};
    expect(verify('sha256', data, signer.keyType === 'rsa' ? { key, ...padding } : key, signature)).toBe(true);
    expect(asked).toEqual([{ pin: true, otp: false, pinLabel: 'Mã PIN' }]);
    expect(csc.calls.slice(before)).toEqual(['credentials/info', 'credentials/authorize', 'signatures/signHash']);
  });

  it('an ECDSA signature sent as raw r‖s is put in DER', async () => {
    csc.misbehave.set('signatures/signHash', 'raw-ecdsa');
    const signer = await openCscSigner(settings({ credentialId: 'cred-ec' }));
    const signature = await signer.signDigest(digest, PKCS1).finally(() => csc.misbehave.clear());
    expect(signature[0]).toBe(0x30);
    expect(verify('sha256', data, { key: signer.publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it('with an online OTP, the OTP is sent before the holder is asked, and both PIN and OTP reach the service', async () => {
    asked = [];
    const sent = csc.otpsSent;
    const signer = await openCscSigner(settings({ credentialId: 'cred-rsa-otp' }));
    const signature = await signer.signDigest(digest, PSS);
    expect(verify('sha256', data, { key: signer.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(true);
    expect(asked).toEqual([{ pin: true, otp: true, pinLabel: 'Mã PIN', otpLabel: 'Mã OTP' }]);
    expect(csc.otpsSent).toBe(sent + 1);
    const err = await failure(openCscSigner(settings({ credentialId: 'cred-rsa-otp', authorize: async () => ({ pin: PIN, otp: '000111' }) })).then((s) => s.signDigest(digest, PSS)));
    expect(err).toMatchObject({ reason: 'wrong_otp' });
    expect(printed(err)).not.toContain('000111');
  });

  it('a wrong PIN is refused with a message naming the PIN, not echoing it', async () => {
    const signer = await openCscSigner(settings({ authorize: async () => ({ pin: '97531' }) }));
    const before = csc.calls.length;
    const err = await failure(signer.signDigest(digest, PSS));
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'wrong_pin' });
    expect(err.message).toMatch(/^Mã PIN ký số không đúng \(dịch vụ 127\.0\.0\.1:\d+ từ chối\); văn bản chưa được ký, hãy nhập lại mã PIN/);
    expect(printed(err)).not.toContain('97531');
    expect(csc.calls.slice(before)).toEqual(['credentials/authorize']);
  });

  it.each([['PKCS#1 v1.5', PKCS1], ['PSS', PSS]] as const)('a %s signature that the certificate\'s key does not verify is refused', async (_name, scheme) => {
    csc.misbehave.set('signatures/signHash', 'other-key');
    const signer = await openCscSigner(settings());
    const err = await failure(signer.signDigest(digest, scheme).finally(() => csc.misbehave.clear()));
    expect(err).toMatchObject({ reason: 'bad_reply' });
    expect(err.message).toContain('chữ ký không khớp khóa công khai của chứng thư');
  });
});

describe('the Signature Activation Data (SAD)', () => {
  it('a SAD is good for the hash it was authorized for only, and only once', async () => {
    const client = new CscClient({ baseUrl: csc.url, accessToken: TOKEN });
    const other = createHash('sha256').update('văn bản khác').digest();
    const sad = await client.authorize({ credentialID: 'cred-rsa', hashes: [digest], pin: PIN });
    const call = (hash: Buffer) => client.signHash({ credentialID: 'cred-rsa', sad, hashes: [hash], hashAlgo: '2.16.840.1.101.3.4.2.1', signAlgo: '1.2.840.113549.1.1.1' });
    const misused = await failure(call(other));
    expect(misused).toMatchObject({ code: 'token_unavailable', reason: 'refused' });
    expect(misused.message).toMatch(/^Dịch vụ ký số từ xa \(127\.0\.0\.1:\d+\) từ chối yêu cầu ký giá trị băm \(signatures\/signHash\): invalid_request \(SAD \*\*\* was not issued for hash/);
    expect(printed(misused)).not.toContain(sad);
    expect(await call(digest)).toHaveLength(1);
    expect(await failure(call(digest))).toMatchObject({ reason: 'refused', message: expect.stringContaining('SAD *** is not valid') });
  });
});

describe('a service that misbehaves', () => {
  it('a service that does not answer in time is reported as unreachable, not hung', async () => {
    csc.misbehave.set('credentials/info', 'hang');
    const started = Date.now();
    const err = await failure(openCscSigner(settings({ timeoutMs: 400 }))).finally(() => csc.misbehave.clear());
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'timeout' });
    expect(err.message).toMatch(/^Dịch vụ ký số từ xa \(127\.0\.0\.1:\d+\) không trả lời trong 1 giây; văn bản chưa được ký, hãy thử lại sau/);
    const closed = await failure(openCscSigner(settings({ baseUrl: 'http://127.0.0.1:9' })));
    expect(closed).toMatchObject({ code: 'token_unavailable', reason: 'unreachable' });
    expect(closed.message).toMatch(/^Không kết nối được dịch vụ ký số từ xa \(127\.0\.0\.1:9\); văn bản chưa được ký/);
  });

  it.each([
    ['credentials/info', 'đọc chứng thư (credentials/info) (cert.certificates: '],
    ['signatures/signHash', 'ký giá trị băm (signatures/signHash) (signatures.0: '],
  ])('a malformed answer to %s is refused with a clear error', async (endpoint, where) => {
    csc.misbehave.set(endpoint, 'malformed');
    const err = await failure(openCscSigner(settings()).then((s) => s.signDigest(digest, PSS))).finally(() => csc.misbehave.clear());
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'bad_reply' });
    expect(err.message).toContain(`trả lời không hợp lệ cho yêu cầu ${where}`);
    expect(printed(err)).not.toContain(PIN);
  });
});

describe('a PDF signed through the remote service', () => {
  it.each([
    ['RSA-PSS', 'cred-rsa', PSS, 'RSA-PSS SHA-256'],
    ['ECDSA P-256', 'cred-ec', PKCS1, 'ECDSA SHA-256'],
  ] as const)('with %s is PAdES B-T that the verifier judges valid up to the test root', async (_name, credentialId, scheme, algorithm) => {
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText('BIEN BAN KY HOP - ky tu xa', { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
    addPadesPlaceholder(pdf, { reason: 'Ký biên bản phiên họp', name: HOLDER.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt: new Date() }, { development: false });
    const signer = await openCscSigner(settings({ credentialId }));
    const signed = await signPades(await pdf.save({ useObjectStreams: false }), { signer, scheme, tsa: { url: tsa.url } });
    const [report, ...others] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, intact: true, level: 'B-T', development: false, digestMatches: true, signatureValid: true, algorithm,
      signer: { commonName: HOLDER.commonName, organisation: HOLDER.organisation },
      chain: { trusted: true, path: [HOLDER.commonName, 'CA cấp Thử nghiệm', 'Gốc Thử nghiệm'], problem: null },
      timestamp: { ok: true }, problems: [],
    });
  });
});

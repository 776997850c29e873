import { createHash, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { startTestTsa, type TestTsa } from '../../../../test/helpers/testTsa.js';
import { certifiedRsa } from '../../../../test/helpers/signingFixture.js';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { addPadesPlaceholder, signPades } from '../pdf/pades.js';
import { verifyPdfSignatures } from '../verify/verifyPdf.js';
import type { SignatureScheme } from '../signer.js';
import { openSmartcaSigner, type SmartcaSignerSettings } from './smartcaSigner.js';
import { startSmartcaTestService, type SmartcaAnswer, type SmartcaTestService } from './smartcaTestService.js';

/**
 * The VNPT SmartCA signer against SmartCA's own API on loopback (smartcaTestService.ts): the
 * user's certificate from get_certificate, one SHA-256 hash out per signature, the status
 * polled while the user decides on the phone — approved after pendings, declined, never
 * answered, expired at the service, or signed over another hash (refused as the wrong hash) —
 * and a PAdES B-T file signed through it that our verifier and pyHanko judge valid.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-smartca-'));
const SP = { spId: 'hdnd-ninh-binh.apps.smartcaapi.com', spPassword: 'mat-khau-tich-hop-4c2e' };
const HOLDER = { commonName: 'Nguyễn Thị Chủ Tọa', organisation: 'Hội đồng nhân dân xã Thử nghiệm' };
const USER = '037190000123';
let pki: TestPki;
let tsa: TestTsa;
let smartca: SmartcaTestService;

beforeAll(async () => {
  pki = await createTestPki(join(dir, 'pki'));
  tsa = await startTestTsa(pki);
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const chain = await certifiedRsa(pki, pair, HOLDER, 'chu-toa');
  smartca = await startSmartcaTestService({ ...SP, users: [
    { userId: USER, key: pair.privateKey, chain },
    { userId: 'da-thu-hoi', key: pair.privateKey, chain, status: 'REVOKED' },
  ] });
}, 60_000);
afterAll(async () => {
  await smartca?.stop();
  await tsa?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (over: Partial<SmartcaSignerSettings> = {}): SmartcaSignerSettings => ({ baseUrl: smartca.url, ...SP, userId: USER, pollMs: 50, ...over });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error & { code: string; reason: string });
/** The message and its causes, everything a log could print. */
const printed = (e: Error) => `${e.message} ${String(e.cause)} ${JSON.stringify(e)}`;
const PKCS1: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pkcs1' };
const data = Buffer.from('Biên bản kỳ họp thứ 7, HĐND xã Thử nghiệm');
const digest = createHash('sha256').update(data).digest();
/** Signs `digest` with the user's next transaction answered as `answer`. */
async function signWith(answer: SmartcaAnswer, over: Partial<SmartcaSignerSettings> = {}) {
  smartca.answers.set(USER, answer);
  const signer = await openSmartcaSigner(settings(over));
  return { signer, signature: signer.signDigest(digest, PKCS1).finally(() => smartca.answers.clear()) };
}

describe('opening the user\'s certificate', () => {
  it('reads the certificate and its CA from get_certificate; nothing to type, PKCS#1 v1.5, no secret in the description', async () => {
    const before = smartca.calls.length;
    const signer = await openSmartcaSigner(settings());
    expect(signer).toMatchObject({ keyType: 'rsa', rsaPadding: 'pkcs1', development: false, asks: { pin: false, otp: false, otpOnline: false } });
    expect(signer.chain).toHaveLength(2);
    expect(new X509Certificate(signer.chain[0]!).subject).toContain(`CN=${HOLDER.commonName}`);
    expect(new X509Certificate(signer.chain[1]!).subject).toContain('CN=CA cấp Thử nghiệm');
    expect(signer.description).toMatch(new RegExp(`^VNPT SmartCA 127\\.0\\.0\\.1:\\d+, người dùng / user "${USER}", chứng thư / certificate [0-9a-f]+$`));
    expect(signer.description).not.toContain(SP.spPassword);
    expect(smartca.calls.slice(before)).toEqual(['credentials/get_certificate']);
  });

  it.each([
    ['an unknown user', { userId: 'khong-co' }, 'user_not_found', /^Không tìm thấy chứng thư ký số của người dùng "khong-co" trên dịch vụ VNPT SmartCA \(127\.0\.0\.1:\d+\)/],
    ['a revoked certificate', { userId: 'da-thu-hoi' }, 'certificate_unusable', /^Chứng thư ký số của người dùng "da-thu-hoi" .* không dùng được: chứng thư [0-9a-f]+ đã bị thu hồi hoặc tạm dừng \(REVOKED\)/],
    ['a refused integrator password', { spPassword: 'sai-mat-khau-77' }, 'sp_rejected', /không chấp nhận tài khoản tích hợp của máy chủ \(sp_id\/sp_password\)/],
    ['a service that is not there', { baseUrl: 'http://127.0.0.1:9/sca/sp769' }, 'unreachable', /^Không kết nối được dịch vụ VNPT SmartCA \(127\.0\.0\.1:9\); văn bản chưa được ký/],
  ] as const)('%s is said so, in Vietnamese, without the password', async (_name, over, reason, message) => {
    const err = await failure(openSmartcaSigner(settings(over)));
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(message);
    expect(printed(err)).not.toContain('sai-mat-khau-77');
    expect(printed(err)).not.toContain(SP.spPassword);
  });
});

describe('one signature, approved or not on the phone', () => {
  it('pending twice, then approved: the hash went out in hex, the status was polled three times, the signature verifies with the certificate', async () => {
    const before = smartca.calls.length;
    const { signer, signature } = await signWith({ kind: 'approve', pendings: 2 }, { description: 'Ký biên bản kỳ họp thứ 7' });
    const value = await signature;
    expect(verify('sha256', data, signer.publicKey, value)).toBe(true);
    const tran = smartca.transactions.at(-1)!;
    expect(tran).toMatchObject({ userId: USER, hash: digest.toString('hex'), description: 'Ký biên bản kỳ họp thứ 7', polls: 3 });
    expect(smartca.calls.slice(before)).toEqual(['credentials/get_certificate', 'signatures/sign', ...Array(3).fill('signatures/sign/:id/status')]);
  });

  it('declined on the phone: said so, nothing signed', async () => {
    const err = await failure((await signWith({ kind: 'decline', pendings: 1 })).signature);
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'declined' });
    expect(err.message).toMatch(/^Người ký đã từ chối giao dịch ký trên ứng dụng VNPT SmartCA \(127\.0\.0\.1:\d+\); văn bản chưa được ký/);
  });

  it('never answered: given up after the configured time, not hung', async () => {
    const started = Date.now();
    const err = await failure((await signWith({ kind: 'never' }, { approvalTimeoutMs: 600, pollMs: 100 })).signature);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'expired' });
    expect(err.message).toMatch(/^Người ký chưa xác nhận giao dịch trên ứng dụng VNPT SmartCA \(127\.0\.0\.1:\d+\) trong 1 giây, giao dịch đã hết hạn; văn bản chưa được ký, hãy ký lại/);
    expect(smartca.transactions.at(-1)!.polls).toBeGreaterThanOrEqual(4);
  });

  it('expired at the service: said so as well', async () => {
    expect(await failure((await signWith({ kind: 'expire', pendings: 1 })).signature)).toMatchObject({ reason: 'expired' });
  });

  it('a signature over another hash is refused as not matching the hash sent', async () => {
    const err = await failure((await signWith({ kind: 'other-hash' })).signature);
    expect(err).toMatchObject({ code: 'token_unavailable', reason: 'wrong_hash' });
    expect(err.message).toContain('không khớp với giá trị băm đã gửi và chứng thư của người ký (chữ ký không khớp khóa công khai của chứng thư');
  });

  it('RSA-PSS, which SmartCA does not make, is refused before anything is sent', async () => {
    const signer = await openSmartcaSigner(settings());
    const before = smartca.calls.length;
    const err = await failure(signer.signDigest(digest, { hash: 'SHA-256', rsaPadding: 'pss' }));
    expect(err).toMatchObject({ code: 'unsupported_key', reason: 'unsupported' });
    expect(smartca.calls.length).toBe(before);
  });
});

describe('a PDF signed through SmartCA', () => {
  it('is PAdES B-T, RSA PKCS#1 v1.5, that our verifier and pyHanko judge valid up to the test root', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText('BIEN BAN KY HOP - ky qua VNPT SmartCA', { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
    addPadesPlaceholder(pdf, { reason: 'Ký biên bản phiên họp', name: HOLDER.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt: new Date() }, { development: false });
    smartca.answers.set(USER, { kind: 'approve', pendings: 2 });
    const signer = await openSmartcaSigner(settings());
    const signed = await signPades(await pdf.save({ useObjectStreams: false }), { signer, scheme: PKCS1, tsa: { url: tsa.url } }).finally(() => smartca.answers.clear());
    const [report, ...others] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, intact: true, level: 'B-T', development: false, digestMatches: true, signatureValid: true, algorithm: 'RSA PKCS#1 v1.5 SHA-256',
      signer: { commonName: HOLDER.commonName, organisation: HOLDER.organisation },
      chain: { trusted: true, path: [HOLDER.commonName, 'CA cấp Thử nghiệm', 'Gốc Thử nghiệm'], problem: null }, timestamp: { ok: true }, problems: [],
    });
    writeFileSync(join(dir, 'smartca.pdf'), signed);
    writeFileSync(join(dir, 'root.pem'), pki.rootPem);
    const pyhanko = await pyhankoValidate(join(dir, 'smartca.pdf'), join(dir, 'root.pem'));
    expect(pyhanko.match(/The signature is judged VALID\./g)).toHaveLength(1);
    expect(pyhanko).toContain(`Common Name: ${HOLDER.commonName}`);
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSigningFixture, SEAL_SUBJECT, type SigningFixture } from '../../../test/helpers/signingFixture.js';
import { createTestPki } from '../../../test/helpers/testPki.js';
import { Pkcs11Signer } from './pkcs11Signer.js';
import { FileSigner } from './fileSigner.js';
import { addPadesPlaceholder, signPades } from './pdf/pades.js';
import { verifyPdfSignatures } from './verify/verifyPdf.js';
import { findSignatureFields } from './verify/pdfSignatureFields.js';
import { oids } from './cms/oids.js';
import { SigningError } from './errors.js';
import type { SignatureScheme, Signer } from './signer.js';

/**
 * PAdES B-T signatures made with the council's seal key inside SoftHSM2, timestamped by a
 * local RFC 3161 authority, judged by our verifier and independently by poppler's pdfsig
 * (trusting the test root through an NSS database made with certutil).
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-pades-b-t-'));
let fx: SigningFixture;
let rsaChain: string;
let nssDir: string;

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  rsaChain = await fx.sealKey('con-dau-rsa', 'rsa');
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  writeFileSync(join(dir, 'root.pem'), fx.pki.rootPem);
  await run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'goc-thu-nghiem', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
}, 60_000);
afterAll(async () => {
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const signedAt = new Date('2026-12-07T02:30:00Z');

/** A one-page minutes-like PDF with an empty PAdES field. */
async function preparedPdf(development = false): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('BIEN BAN KY HOP - ban thu nghiem', { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  addPadesPlaceholder(pdf, { reason: 'Ký biên bản phiên họp', name: 'HĐND tỉnh Ninh Bình', location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt }, { development });
  return pdf.save({ useObjectStreams: false });
}

async function sealSigner(chainPem: string, keyLabel: string): Promise<Signer> {
  return Pkcs11Signer.open({ ...fx.token, keyLabel, chainPem });
}

async function signWith(signer: Signer, scheme: SignatureScheme, tsaUrl: string | null = fx.tsa.url): Promise<Buffer> {
  return signPades(await preparedPdf(signer.development), { signer, scheme, ...(tsaUrl ? { tsa: { url: tsaUrl } } : {}) });
}

/** pdfsig's report (it exits non-zero for invalid files: keep the output). */
async function pdfsig(bytes: Buffer, name: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return run('pdfsig', ['-nssdir', `sql:${nssDir}`, path]).then((r) => r.stdout, (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`);
}

const PSS: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pss' };
const PKCS1: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pkcs1' };

describe('a PDF signed at PAdES B-T with the seal key in SoftHSM2', () => {
  let signed: Buffer;
  beforeAll(async () => {
    const signer = await sealSigner(rsaChain, 'con-dau-rsa');
    signed = await signWith(signer, PSS);
    await signer.close();
  });

  it('is valid, trusted up to the test root, timestamped and B-T to our verifier, which says so in Vietnamese', () => {
    const [report, ...others] = verifyPdfSignatures(signed, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, intact: true, level: 'B-T', development: false, subFilter: 'ETSI.CAdES.detached',
      signer: { commonName: SEAL_SUBJECT.commonName, organisation: SEAL_SUBJECT.organisation },
      coverage: { wellFormed: true, wholeFile: true, appendedBytes: 0 },
      digestMatches: true, signatureValid: true, algorithm: 'RSA-PSS SHA-256', essSigningCertificate: true, signingTimeAttribute: false,
      chain: { trusted: true, path: [SEAL_SUBJECT.commonName, 'CA cấp Thử nghiệm', 'Gốc Thử nghiệm'], problem: null },
      timestamp: { ok: true, imprintMatches: true, signatureValid: true, timestampingCertificate: true, authority: 'Dấu thời gian Thử nghiệm (Thử nghiệm)' },
      problems: [],
    });
    expect(Math.abs(report!.timestamp!.time!.getTime() - Date.now())).toBeLessThan(120_000);
    expect(report!.claimedTime).toEqual(signedAt);
    expect(report!.sentences[0]).toBe('Chữ ký số thứ 1: HỢP LỆ.');
    expect(report!.sentences).toContain(`Người ký: ${SEAL_SUBJECT.commonName}, thuộc ${SEAL_SUBJECT.organisation} (chứng thư SHA-256 ${report!.signer!.fingerprint}).`);
    expect(report!.sentences).toContain('Phạm vi ký: chữ ký bao trùm toàn bộ tệp.');
    expect(report!.sentences).toContain('Mức PAdES đạt được: B-T (ETSI.CAdES.detached).');
    expect(report!.sentences.join('\n')).toMatch(/Dấu thời gian: .*cấp bởi Dấu thời gian Thử nghiệm.*khớp với giá trị chữ ký/);
  });

  it('pdfsig (poppler) independently finds it valid, trusted against the test root, the whole document signed, ETSI.CAdES.detached', async () => {
    const report = await pdfsig(signed, 'bien-ban-b-t.pdf');
    expect(report.match(/^Signature #\d+:/gm)).toHaveLength(1);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
    expect(report).toContain(`Signer Certificate Common Name: ${SEAL_SUBJECT.commonName}`);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');
  });

  it('its CMS has content-type, message-digest and signing-certificate-v2 signed attributes, no signing-time, and the timestamp token unsigned', () => {
    const field = findSignatureFields(signed)[0]!;
    const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(field.contents).content });
    const info = sd.signerInfos[0]!;
    expect(info.signedAttrs!.attributes.map((a) => a.type).sort()).toEqual([oids.contentType, oids.messageDigest, oids.signingCertificateV2].sort());
    expect(info.unsignedAttrs!.attributes.map((a) => a.type)).toEqual([oids.timeStampToken]);
    expect(sd.certificates).toHaveLength(2);
  });

  it('one byte flipped after signing: our verifier reports the content changed, and pdfsig says the digest does not match', async () => {
    const bad = Buffer.from(signed);
    bad[200]! ^= 0x01;
    const [report] = verifyPdfSignatures(bad, { anchors: fx.anchors });
    expect(report).toMatchObject({ valid: false, intact: false, digestMatches: false });
    expect(report!.sentences[0]).toBe('Chữ ký số thứ 1: KHÔNG HỢP LỆ.');
    expect(report!.sentences).toContain('Giá trị băm (message digest): KHÔNG khớp — nội dung đã bị thay đổi sau khi ký.');
    expect(await pdfsig(bad, 'da-sua.pdf')).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('bytes appended after signing (an incremental update) are reported as added after the signature', () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% them sau khi ky\n')]);
    const [report] = verifyPdfSignatures(appended, { anchors: fx.anchors });
    expect(report).toMatchObject({ intact: true, coverage: { wholeFile: false, appendedBytes: 19, laterSignatures: 0 } });
    expect(report!.sentences).toContain('Phạm vi ký: có 19 byte được thêm vào sau chữ ký này (không phải chữ ký số: nội dung đã được bổ sung sau khi ký).');
  });

  it('against another root the chain is reported "không chuỗi tới gốc tin cậy", the signature itself still intact', async () => {
    const other = await createTestPki(join(dir, 'other-pki'), 'Khác');
    const [report] = verifyPdfSignatures(signed, { anchors: [new X509Certificate(other.rootPem)] });
    expect(report).toMatchObject({ intact: true, valid: false, chain: { trusted: false }, timestamp: { ok: false } });
    expect(report!.chain.problem).toBe('không chuỗi tới gốc tin cậy: bên cấp "Gốc Thử nghiệm" không có trong danh sách gốc tin cậy đã cấu hình, chữ ký cũng không kèm chứng thư của bên cấp này');
    expect(report!.sentences[0]).toBe('Chữ ký số thứ 1: TOÀN VẸN NHƯNG CHƯA ĐƯỢC TIN CẬY.');
  });
});

describe('signature schemes', () => {
  it.each([
    ['RSA PKCS#1 v1.5', 'rsa', PKCS1, 'RSA PKCS#1 v1.5 SHA-256'],
    ['RSA-PSS', 'rsa', PSS, 'RSA-PSS SHA-256'],
    ['ECDSA P-256', 'ec', PKCS1, 'ECDSA SHA-256'],
  ] as const)('%s from the token gives a B-T signature both verifiers accept', async (name, type, scheme, algorithm) => {
    const label = `con-dau-${name.replace(/\W+/g, '-').toLowerCase()}`;
    const signer = await sealSigner(type === 'rsa' ? rsaChain : await fx.sealKey(label, 'ec'), type === 'rsa' ? 'con-dau-rsa' : label);
    const signed = await signWith(signer, scheme);
    await signer.close();
    expect(verifyPdfSignatures(signed, { anchors: fx.anchors })[0]).toMatchObject({ valid: true, level: 'B-T', algorithm });
    const report = await pdfsig(signed, `${label}.pdf`);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
  });
});

describe('the PKCS#11 signer', () => {
  it('refuses a wrong PIN with a Vietnamese error that carries no PIN', async () => {
    const err = await Pkcs11Signer.open({ ...fx.token, pin: '13579086', keyLabel: 'con-dau-rsa', chainPem: rsaChain }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'token_unavailable' });
    expect((err as Error).message).toMatch(/^Không mở được thiết bị ký số \(HSM\/token\) "HDND con dau" \(đăng nhập không thành công/);
    expect(`${(err as Error).message} ${String((err as Error).cause)}`).not.toContain('13579086');
  });

  it('refuses a certificate that is not the key\'s', async () => {
    const otherChain = await fx.sealKey('khoa-khac', 'ec');
    const err = await Pkcs11Signer.open({ ...fx.token, keyLabel: 'con-dau-rsa', chainPem: otherChain }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'key_not_found' });
    expect((err as Error).message).toContain('chứng thư không khớp khóa trên token');
  });
});

describe('when the timestamp authority is down', () => {
  it('signing fails with a Vietnamese error naming it, and no signed bytes come back', async () => {
    const signer = await sealSigner(rsaChain, 'con-dau-rsa');
    const issued = fx.tsa.issued();
    const err = await signWith(signer, PSS, 'http://127.0.0.1:9/tsa').then(() => null, (e: unknown) => e);
    await signer.close();
    expect(err).toBeInstanceOf(SigningError);
    expect(err).toMatchObject({ code: 'tsa_unavailable' });
    expect((err as Error).message).toMatch(/^Không kết nối được máy chủ cấp dấu thời gian \(http:\/\/127\.0\.0\.1:9\/tsa\); văn bản chưa được ký/);
    expect(fx.tsa.issued()).toBe(issued);
  });
});

describe('the development file signer', () => {
  it('signs from a PKCS#12 and is labelled development-only by the verifier, even with a certificate from the test CA', async () => {
    const signer = new FileSigner(await fx.pki.p12('Máy phát triển', 'mat-khau', { selfSigned: false }), 'mat-khau');
    expect(signer.development).toBe(true);
    const [report] = verifyPdfSignatures(await signWith(signer, PKCS1), { anchors: fx.anchors });
    expect(report).toMatchObject({ valid: true, level: 'B-T', development: true });
    expect(report!.sentences[1]).toMatch(/^Cảnh báo: chữ ký do bộ ký tệp PKCS#12 .*chỉ dùng cho phát triển/);
  });

  it('with a self-signed certificate (as the product made them) is untrusted and labelled development-only', async () => {
    const signer = new FileSigner(await fx.pki.p12('Tự cấp', 'mat-khau', { selfSigned: true }), 'mat-khau');
    const [report] = verifyPdfSignatures(await signWith(signer, PSS, null), { anchors: fx.anchors });
    expect(report).toMatchObject({ intact: true, valid: false, level: 'B-B', development: true, timestamp: null, chain: { trusted: false } });
    expect(report!.sentences).toContain('Dấu thời gian: không có.');
  });
});

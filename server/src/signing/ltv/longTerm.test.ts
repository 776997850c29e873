import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSigningFixture, SEAL_SUBJECT, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { Pkcs11Signer } from '../pkcs11Signer.js';
import { addPadesPlaceholder, signPades } from '../pdf/pades.js';
import { readTimestampToken } from '../tsa/timestampToken.js';
import { verifyPdfSignatures } from '../verify/verifyPdf.js';
import { findSignatureFields } from '../verify/pdfSignatureFields.js';
import { dssContents } from '../verify/dssContents.js';
import { SigningError } from '../errors.js';
import { extendForArchive, type LongTermOptions } from './longTerm.js';

/**
 * PAdES B-LTA: a B-T seal from SoftHSM2, its validation data kept in a DSS (B-LT), then a
 * document timestamp over all of it from the local RFC 3161 authority; judged by our verifier,
 * by pyHanko's AdES validation with the CRL distribution point down (as an archive years
 * later), and by poppler's pdfsig.
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-b-lta-'));
let fx: SigningFixture;
let sealed: Buffer;
let lta: Buffer;
let nssDir: string;
const warnings: string[] = [];

const options = (over: Partial<LongTermOptions> = {}): LongTermOptions => ({
  tsa: { url: fx.tsa.url }, ltv: 'on', lta: true, anchors: fx.anchors, warn: (_reason, message) => warnings.push(message), ...over,
});

/** The document timestamp's field. */
const documentTimestampOf = (pdf: Buffer) => findSignatureFields(pdf).find((f) => f.documentTimestamp)!;

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  const chainPem = await fx.sealKey('con-dau-lta', 'rsa');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('NGHI QUYET - ban thu nghiem B-LTA', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  await addPadesPlaceholder(doc, { reason: 'Đóng dấu', name: SEAL_SUBJECT.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt: new Date() }, { development: false });
  const signer = await Pkcs11Signer.open({ ...fx.token, keyLabel: 'con-dau-lta', chainPem });
  try {
    sealed = await signPades(await doc.save({ useObjectStreams: false }), { signer, scheme: { hash: 'SHA-256', rsaPadding: 'pss' }, tsa: { url: fx.tsa.url } });
  } finally {
    await signer.close();
  }
  lta = await extendForArchive(sealed, options());
  writeFileSync(join(dir, 'root.pem'), fx.pki.rootPem);
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  await run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'goc-thu-nghiem', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
}, 90_000);
afterAll(async () => {
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a seal made B-LTA', () => {
  it('ends with a document timestamp: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, over the whole file but its /Contents, its token\'s imprint the SHA-256 of those bytes', () => {
    expect(warnings).toEqual([]);
    const fields = findSignatureFields(lta);
    expect(fields.map((f) => f.documentTimestamp)).toEqual([false, true]);
    const stamp = fields[1]!;
    expect(stamp.subFilter).toBe('ETSI.RFC3161');
    const [a, b, c, d] = stamp.byteRange;
    expect([a, c + d]).toEqual([0, lta.length]);
    const token = readTimestampToken(stamp.contents)!;
    expect(token.imprint).toEqual(createHash('sha256').update(lta.subarray(0, b)).update(lta.subarray(c, c + d)).digest());
    const dict = lta.subarray(lta.lastIndexOf('obj', b), b).toString('latin1');
    expect(dict).toMatch(/\/Type \/DocTimeStamp/);
    expect(dict).toMatch(/\/Filter \/Adobe\.PPKLite/);
  });

  it('the DSS it covers already holds the timestamp authority\'s certificate and its CA\'s CRL, so the document timestamp too is validated from the file alone', () => {
    const stamp = documentTimestampOf(lta);
    const covered = dssContents(lta.subarray(0, stamp.byteRange[2] + stamp.byteRange[3]));
    const tsa = new X509Certificate(readFileSync(fx.pki.tsa.certPath));
    expect(readTimestampToken(stamp.contents)!.signedData.certificates!.some((c) => c instanceof pkijs.Certificate && Buffer.from(c.toSchema().toBER()).equals(tsa.raw))).toBe(true);
    expect(covered.certificates.some((der) => der.equals(tsa.raw))).toBe(true);
    // The issuing CA's CRL (it issued the seal's and the authority's certificates) and the root's.
    expect(covered.crls).toHaveLength(2);
  });

  it('our verifier reports one signature (the timestamp is not a signer), valid, B-LTA, and the archive timestamp in Vietnamese', () => {
    const [report, ...others] = verifyPdfSignatures(lta, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({
      valid: true, level: 'B-LTA', signer: { commonName: SEAL_SUBJECT.commonName }, coverage: { wholeFile: false, validationDataOnly: true, laterSignatures: 0, changedAfter: null },
      archiveTimestamp: { ok: true, imprintMatches: true, signatureValid: true, timestampingCertificate: true, chain: { trusted: true }, authority: 'Dấu thời gian Thử nghiệm (Thử nghiệm)' },
      problems: [],
    });
    expect(report!.archiveTimestamp!.time!.getTime()).toBeGreaterThanOrEqual(report!.timestamp!.time!.getTime() - 1000);
    expect(report!.sentences).toContain('Mức PAdES đạt được: B-LTA (ETSI.CAdES.detached).');
    expect(report!.sentences.join('\n')).toMatch(/^Dấu thời gian lưu trữ \(B-LTA\): HỢP LỆ, lúc .+ \(giờ Việt Nam, .+Z\) do Dấu thời gian Thử nghiệm \(Thử nghiệm\) cấp\.$/m);
    expect(report!.sentences.join('\n')).toContain('sau đó chỉ bổ sung dữ liệu kiểm tra dài hạn (chứng thư và danh sách thu hồi, DSS; dấu thời gian lưu trữ;');
  });

  it('pyHanko\'s AdES validation, nothing to fetch, judges it VALID at the LTA level (the document timestamp its proof of existence: past signature validation runs); the same file cut before the timestamp (B-LT) has none', async () => {
    fx.crls.offline(true);
    try {
      writeFileSync(join(dir, 'b-lta.pdf'), lta);
      const report = await pyhankoValidate(join(dir, 'b-lta.pdf'), join(dir, 'root.pem'), { ades: true });
      expect(report.match(/The signature is judged VALID\./g)).toHaveLength(1);
      // The DSS and the document timestamp after the seal are "signature maintenance" (pyHanko's LTA_UPDATES), not form filling.
      expect(report).toContain('All modifications relate to signature maintenance');
      // ETSI EN 319 102-1 §5.6.3 step 6, past signature validation, from the timestamp's proof of existence.
      expect(report).toContain('AdES time slide yields');
      expect(report).not.toContain('proceeding without past proof of existence');
      expect(report).not.toContain('Failed to get control time');
      const stamp = documentTimestampOf(lta);
      writeFileSync(join(dir, 'b-lt.pdf'), lta.subarray(0, lta.lastIndexOf('%%EOF', stamp.byteRange[1]) + '%%EOF\n'.length));
      const control = await pyhankoValidate(join(dir, 'b-lt.pdf'), join(dir, 'root.pem'), { ades: true });
      expect(control).toContain('No document timestamps after signature; proceeding without past proof of existence');
      expect(control).toContain('Failed to get control time for point-in-time validation');
    } finally {
      fx.crls.offline(false);
    }
  });

  it('one byte changed in what the document timestamp covers (the DSS update, after the seal\'s revision): our verifier fails it, pyHanko rejects the timestamp (the seal itself, intact with current CRLs, it still passes without LTA)', async () => {
    const at = lta.indexOf('/ExtensionLevel 5');
    expect(at).toBeGreaterThan(sealed.length);
    const bad = Buffer.from(lta);
    bad[at + '/ExtensionLevel '.length] = '6'.charCodeAt(0);
    const [report] = verifyPdfSignatures(bad, { anchors: fx.anchors });
    expect(report).toMatchObject({ intact: true, valid: false, level: 'B-LT', archiveTimestamp: { ok: false, imprintMatches: false } });
    expect(report!.sentences[0]).toBe('Chữ ký số thứ 1: TOÀN VẸN NHƯNG CHƯA ĐƯỢC TIN CẬY.');
    expect(report!.sentences).toContain('Dấu thời gian lưu trữ (B-LTA): KHÔNG HỢP LỆ — imprint không khớp nội dung được đóng dấu: tệp đã bị thay đổi sau khi đóng dấu thời gian lưu trữ.');
    fx.crls.offline(true);
    try {
      writeFileSync(join(dir, 'da-sua.pdf'), bad);
      const pyhanko = await pyhankoValidate(join(dir, 'da-sua.pdf'), join(dir, 'root.pem'), { ades: true });
      expect(pyhanko).toMatch(/Timestamp token imprint is [0-9a-f]{64}, but expected [0-9a-f]{64}\./);
      expect(pyhanko).toContain('Document timestamp chain failed to validate; proceeding without past proof of existence');
      expect(pyhanko).not.toContain('AdES time slide yields');
      expect(pyhanko.match(/The signature is judged VALID\./g)).toHaveLength(1);
    } finally {
      fx.crls.offline(false);
    }
  });

  it('pdfsig lists the seal valid and trusted, and the document timestamp after it over the whole file (poppler does not check RFC 3161 document timestamps)', async () => {
    writeFileSync(join(dir, 'pdfsig.pdf'), lta);
    const out = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, join(dir, 'pdfsig.pdf')])).stdout;
    const [seal, stamp] = out.split(/^Signature #\d+:$/m).slice(1);
    expect(seal).toContain('Signature Type: ETSI.CAdES.detached');
    expect(seal).toContain('Signature Validation: Signature is Valid.');
    expect(seal).toContain('Certificate Validation: Certificate is Trusted.');
    expect(stamp).toContain('Signature Field Name: Dau thoi gian luu tru');
    expect(stamp).toContain('Signer Certificate Common Name: Dấu thời gian Thử nghiệm');
    expect(stamp).toContain('Total document signed');
    expect(stamp).toContain('Signature Validation: Signature has not yet been verified.');
  });
});

describe('when the document timestamp cannot be had', () => {
  const down = { url: 'http://127.0.0.1:9/tsa', timeoutMs: 2000 };

  it('the file stays B-LT, said through the warning; with SIGNING_LTV=required the authority\'s reason in Vietnamese is thrown', async () => {
    warnings.length = 0;
    const lt = await extendForArchive(sealed, options({ tsa: down }));
    expect(warnings).toEqual(['sealed without the archive timestamp (B-LT, not B-LTA)']);
    expect(findSignatureFields(lt).some((f) => f.documentTimestamp)).toBe(false);
    expect(verifyPdfSignatures(lt, { anchors: fx.anchors })).toMatchObject([{ valid: true, level: 'B-LT', archiveTimestamp: null }]);
    const err = await extendForArchive(sealed, options({ tsa: down, ltv: 'required' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect((err as SigningError).message).toMatch(/^Không kết nối được máy chủ cấp dấu thời gian \(http:\/\/127\.0\.0\.1:9\/tsa\); văn bản chưa được ký/);
  });

  it('with SIGNING_LTA=off no timestamp is asked for: B-LT', async () => {
    const issued = fx.tsa.issued();
    const lt = await extendForArchive(sealed, options({ lta: false }));
    expect(fx.tsa.issued()).toBe(issued);
    expect(verifyPdfSignatures(lt, { anchors: fx.anchors })).toMatchObject([{ valid: true, level: 'B-LT' }]);
  });
});

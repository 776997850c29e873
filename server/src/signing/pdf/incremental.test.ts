import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pyhankoValidate } from '../../../../test/helpers/pyhanko.js';
import { startSigningFixture, SEAL_SUBJECT, type SigningFixture } from '../../../../test/helpers/signingFixture.js';
import { certificatesFromPem } from '../certificates.js';
import { Pkcs11Signer } from '../pkcs11Signer.js';
import { openCscSigner } from '../remote/cscSigner.js';
import { startCscTestService, type CscTestService } from '../remote/cscTestService.js';
import type { SignatureScheme } from '../signer.js';
import { verifyPdfSignatures } from '../verify/verifyPdf.js';
import { APP_NAME } from './appName.js';
import { appendSignatureField } from './incremental.js';
import { openForUpdate, writeUpdate } from './update.js';
import { addPadesPlaceholder, PADES_SIGNATURE_LENGTH, signPades } from './pades.js';

/**
 * Two signatures on one PDF, as Decree 30/2020 orders them: the chair's own (a person's
 * certificate at a remote signing service, PIN and OTP typed) and then the council's seal
 * from SoftHSM2, added as an incremental update. Both PAdES B-T; judged by our verifier,
 * by poppler's pdfsig and by pyHanko against the test root.
 */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hdnd-two-signatures-'));
const CHAIR = { commonName: 'Nguyễn Văn Chủ Tọa', organisation: 'Hội đồng nhân dân tỉnh Ninh Bình' };
const TOKEN = 'csc-access-token-khong-in-ra';
const PIN = '468024';
const OTP = '975310';
const PSS: SignatureScheme = { hash: 'SHA-256', rsaPadding: 'pss' };
const signedAt = new Date('2026-12-07T03:00:00Z');
let fx: SigningFixture;
let csc: CscTestService;
let nssDir: string;
let sealChain: string;
let chairSigned: Buffer;
let both: Buffer;

beforeAll(async () => {
  fx = await startSigningFixture(dir);
  sealChain = await fx.sealKey('con-dau', 'rsa');
  // The chair's key at the remote service, certified by the test CA in the chair's name.
  const chairKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  writeFileSync(join(dir, 'chair.key'), chairKey.export({ type: 'pkcs8', format: 'pem' }));
  await run('openssl', ['req', '-new', '-key', 'chair.key', '-utf8', '-subj', `/C=VN/O=${CHAIR.organisation}/CN=${CHAIR.commonName}`, '-outform', 'DER', '-out', 'chair.csr'], { cwd: dir });
  const chairChain = certificatesFromPem((await fx.pki.issue(readFileSync(join(dir, 'chair.csr')), 'chair')) + fx.pki.issuingPem);
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [{ id: 'chu-toa', key: chairKey, chain: chairChain, pin: PIN, otp: OTP }] });
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  writeFileSync(join(dir, 'root.pem'), fx.pki.rootPem);
  await run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'goc-thu-nghiem', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);

  // 1. The chair signs (the first field, made with the document).
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('BIEN BAN KY HOP - hai chu ky', { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  await addPadesPlaceholder(pdf, { reason: 'Ký biên bản phiên họp', name: CHAIR.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt }, { development: false });
  const chair = await openCscSigner({ baseUrl: csc.url, accessToken: TOKEN, credentialId: 'chu-toa', authorize: async () => ({ pin: PIN, otp: OTP }) });
  chairSigned = await signPades(await pdf.save({ useObjectStreams: false }), { signer: chair, scheme: PSS, tsa: { url: fx.tsa.url } });

  // 2. The seal, appended.
  const prepared = await appendSignatureField(chairSigned, { reason: 'Đóng dấu', name: SEAL_SUBJECT.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt },
    { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: APP_NAME, fieldName: 'Con dau' });
  const seal = await Pkcs11Signer.open({ ...fx.token, keyLabel: 'con-dau', chainPem: sealChain });
  try {
    both = await signPades(prepared, { signer: seal, scheme: PSS, tsa: { url: fx.tsa.url } });
  } finally {
    await seal.close();
  }
}, 120_000);
afterAll(async () => {
  await csc?.stop();
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfsig(bytes: Buffer, name: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return run('pdfsig', ['-nssdir', `sql:${nssDir}`, path]).then((r) => r.stdout, (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`);
}

describe('the seal added after the chair has signed', () => {
  it('leaves the chair-signed bytes exactly as they were, the seal appended after them', () => {
    expect(both.subarray(0, chairSigned.length).equals(chairSigned)).toBe(true);
    expect(both.length).toBeGreaterThan(chairSigned.length);
  });

  it('our verifier: two valid B-T signatures, the chair\'s then the seal, the first followed by one later signature, the last covering the whole file', () => {
    const [first, second, ...others] = verifyPdfSignatures(both, { anchors: fx.anchors });
    expect(others).toHaveLength(0);
    expect(first).toMatchObject({ valid: true, level: 'B-T', signer: { commonName: CHAIR.commonName }, chain: { trusted: true }, coverage: { wholeFile: false, laterSignatures: 1 } });
    expect(second).toMatchObject({ valid: true, level: 'B-T', signer: { commonName: SEAL_SUBJECT.commonName }, chain: { trusted: true }, coverage: { wholeFile: true, appendedBytes: 0 } });
    expect(first!.sentences[0]).toBe('Chữ ký số thứ 1: HỢP LỆ.');
    expect(second!.sentences[0]).toBe('Chữ ký số thứ 2: HỢP LỆ.');
  });

  it('pdfsig: two signatures, both valid and trusted, the chair\'s on its revision and the seal on the whole document', async () => {
    const report = await pdfsig(both, 'hai-chu-ky.pdf');
    expect(report.match(/^Signature #\d+:/gm)).toHaveLength(2);
    expect(report.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(report.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    const [chairPart, sealPart] = report.split(/^Signature #2:/m);
    expect(chairPart).toContain(`Signer Certificate Common Name: ${CHAIR.commonName}`);
    expect(chairPart).toContain('Not total document signed');
    expect(sealPart).toContain(`Signer Certificate Common Name: ${SEAL_SUBJECT.commonName}`);
    expect(sealPart).toContain('Total document signed');
  });

  it('pyHanko: both fields valid and trusted, B-T timestamps trusted, the update after the chair\'s signature only signing and form filling', async () => {
    writeFileSync(join(dir, 'pyhanko.pdf'), both);
    const report = await pyhankoValidate(join(dir, 'pyhanko.pdf'), join(dir, 'root.pem'));
    const [chairPart, sealPart] = report.split(/^Field 2: /m);
    expect(chairPart).toContain('Field 1: Signature1');
    expect(chairPart).toContain(`Common Name: ${CHAIR.commonName}`);
    expect(chairPart).toContain('All modifications relate to signing and form filling operations');
    expect(sealPart).toMatch(/^Con dau/);
    expect(sealPart).toContain(`Common Name: ${SEAL_SUBJECT.commonName}`);
    for (const part of [chairPart!, sealPart!]) {
      expect(part).toContain("The signer's certificate is trusted.");
      expect(part).toContain('The signature is cryptographically sound.');
      expect(part).toContain('The TSA certificate is trusted.');
      expect(part).toContain('The signature is judged VALID.');
    }
  });

  it('one byte changed in the chair-signed part fails both signatures in all three verifiers', async () => {
    const bad = Buffer.from(both);
    bad[200]! ^= 0x01;
    const reports = verifyPdfSignatures(bad, { anchors: fx.anchors });
    expect(reports.map((r) => [r.valid, r.digestMatches])).toEqual([[false, false], [false, false]]);
    expect((await pdfsig(bad, 'da-sua.pdf')).match(/Signature Validation: (Digest Mismatch|Signature is Invalid)/g)).toHaveLength(2);
    const report = await pyhankoValidate(join(dir, 'da-sua.pdf'), join(dir, 'root.pem'));
    expect(report.match(/The signature is cryptographically unsound\./g)).toHaveLength(2);
    expect(report.match(/The signature is judged INVALID\./g)).toHaveLength(2);
  });

  it('text drawn over the page between the chair\'s signature and the seal is named on the chair\'s signature by our verifier, and by pyHanko', async () => {
    const update = await openForUpdate(chairSigned);
    const page = update.doc.getPages()[0]!;
    const extra = update.doc.context.register(update.doc.context.stream('BT /F1 14 Tf 72 700 Td (Da sua sau khi ky) Tj ET'));
    page.node.set(PDFName.of('Contents'), update.doc.context.obj([page.node.get(PDFName.of('Contents'))!, extra]));
    const prepared = await appendSignatureField(writeUpdate(update, [page.ref]), { reason: 'Đóng dấu', name: SEAL_SUBJECT.commonName, location: 'Ninh Bình', contactInfo: 'Văn phòng HĐND', signedAt },
      { subFilter: 'ETSI.CAdES.detached', signatureLength: PADES_SIGNATURE_LENGTH, appName: APP_NAME, fieldName: 'Con dau' });
    const seal = await Pkcs11Signer.open({ ...fx.token, keyLabel: 'con-dau', chainPem: sealChain });
    const tampered = await signPades(prepared, { signer: seal, scheme: PSS, tsa: { url: fx.tsa.url } }).finally(() => seal.close());
    const [chair, sealReport] = verifyPdfSignatures(tampered, { anchors: fx.anchors });
    expect(chair).toMatchObject({ valid: false, intact: true, coverage: { changedAfter: `một trang (đối tượng ${page.ref.objectNumber})` } });
    expect(chair!.sentences).toContain(`Phạm vi ký: có ${chair!.coverage.appendedBytes} byte được thêm vào sau chữ ký này, và văn bản đã bị THAY ĐỔI sau khi ký: một trang (đối tượng ${page.ref.objectNumber}).`);
    expect(sealReport).toMatchObject({ valid: true, coverage: { wholeFile: true, changedAfter: null } });
    writeFileSync(join(dir, 'sua-giua.pdf'), tampered);
    const report = await pyhankoValidate(join(dir, 'sua-giua.pdf'), join(dir, 'root.pem'));
    expect(report.split(/^Field 2: /m)[0]).not.toContain('All modifications relate to signing and form filling operations');
  });

  it('a field name already in the form is refused, and a file whose last cross-reference is a stream is named as such', async () => {
    await expect(appendSignatureField(both, { reason: 'x', name: 'x', location: 'x', contactInfo: 'x', signedAt }, { subFilter: 'ETSI.CAdES.detached', signatureLength: 64, appName: APP_NAME, fieldName: 'Con dau' }))
      .rejects.toThrow('the PDF already has a field named "Con dau"');
    const streamed = await (await PDFDocument.create()).save({ useObjectStreams: true });
    await expect(appendSignatureField(streamed, { reason: 'x', name: 'x', location: 'x', contactInfo: 'x', signedAt }, { subFilter: 'ETSI.CAdES.detached', signatureLength: 64, appName: APP_NAME, fieldName: 'A' }))
      .rejects.toThrow('cross-reference section is a stream');
  });
});

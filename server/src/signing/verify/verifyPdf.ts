import { createHash, type X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { nodeHash } from '../signer.js';
import { oids } from '../cms/oids.js';
import { certificateFingerprint, holderOf } from '../certificates.js';
import { DEVELOPMENT_APP_NAME } from '../pdf/appName.js';
import { findSignatureFields, type PdfSignatureField } from './pdfSignatureFields.js';
import { checkSignerInfo, type SignerInfoCheck } from './signerInfoCheck.js';
import { chainToAnchors } from './chain.js';
import { checkTimestamp } from './timestampCheck.js';
import { validationDataAfter } from './dssTail.js';
import { dssContents, readableCertificates, type DssContents } from './dssContents.js';
import { checkArchiveTimestamps, type ArchiveTimestamp } from './archiveTimestamps.js';
import { checkRevocation } from './revocationCheck.js';
import type { SignatureReport } from './report.js';
import { describeSignature } from './vietnamese.js';

export type { SignatureReport } from './report.js';

/**
 * Verifies every signature of a PDF, offline, against the configured trust anchors, and says
 * what it found in Vietnamese (Circular 15/2025 asks for results in Vietnamese): who signed,
 * the certification path, what the signature covers and what was added after it, the
 * signature value and message digest, the timestamp, the document timestamp over it (B-LTA)
 * and the PAdES level reached. A document timestamp is no signer's signature: it is reported
 * with each signature it covers, not as one of them. Never throws on a bad file.
 */

export interface VerifyOptions {
  /** The trust anchors (root certificates). */
  anchors: readonly X509Certificate[];
  /** Validation time when there is no timestamp (default now). */
  now?: Date;
}

function coverageOf(field: PdfSignatureField, file: Buffer, all: PdfSignatureField[]): SignatureReport['coverage'] & { revocationData: boolean } {
  const [a, b, c, d] = field.byteRange;
  const end = c + d;
  const wellFormed = a === 0 && b < c && end <= file.length && file[b] === 0x3c && file[c - 1] === 0x3e;
  const laterSignatures = all.filter((f) => f !== field && f.byteRange[1] >= end).length;
  // What the updates after it did: later signatures and validation data (B-LT), or a change to what was signed?
  const tail = wellFormed ? validationDataAfter(file, end) : { only: false, revocationData: false, change: null };
  return {
    wellFormed, wholeFile: wellFormed && end === file.length, fileBytes: file.length,
    appendedBytes: Math.max(0, file.length - end), laterSignatures,
    validationDataOnly: wellFormed && end < file.length && laterSignatures === 0 && tail.only, changedAfter: tail.change,
    revocationData: laterSignatures === 0 && tail.revocationData,
  };
}

function timestampToken(check: SignerInfoCheck): Buffer | null {
  const attr = check.signerInfo?.unsignedAttrs?.attributes.find((x) => x.type === oids.timeStampToken);
  const value = attr?.values[0] as asn1js.BaseBlock | undefined;
  return value ? Buffer.from(value.toBER()) : null;
}

/**
 * `keptAfter`: revocation data was appended after the last signature (so after this one too);
 * `archive`: the document timestamps made after it (the first that fails, else the oldest, is reported).
 */
function verifyField(field: PdfSignatureField, index: number, file: Buffer, coverage: SignatureReport['coverage'], keptAfter: boolean, archives: ArchiveTimestamp[], options: VerifyOptions, dss: DssContents): SignatureReport {
  const [, b, c, d] = field.byteRange;
  const signed = coverage.wellFormed ? [file.subarray(0, b), file.subarray(c, c + d)] : [];
  let check: SignerInfoCheck;
  try {
    const info = pkijs.ContentInfo.fromBER(field.contents);
    if (info.contentType !== oids.signedData) throw new Error('not SignedData');
    check = checkSignerInfo(new pkijs.SignedData({ schema: info.content }), (h) => signed.reduce((hash, part) => hash.update(part), createHash(nodeHash(h))).digest());
  } catch {
    check = checkSignerInfo(new pkijs.SignedData(), () => Buffer.alloc(0));
    check.problem = 'không đọc được chữ ký (CMS hỏng)';
  }
  const token = timestampToken(check);
  const timestamp = token ? checkTimestamp(token, check.signatureValue, options.anchors) : null;
  const at = timestamp?.ok && timestamp.time ? timestamp.time : options.now ?? new Date();
  const cert = check.certificate;
  const path: X509Certificate[] = [];
  const chain = cert ? chainToAnchors(cert, [...check.certificates, ...readableCertificates(dss.certificates)], options.anchors, at, path) : { trusted: false, path: [], problem: 'không có chứng thư người ký' };
  const revocation = chain.trusted && dss.crls.length > 0 ? checkRevocation(path, dss.crls, at) : null;
  const essSigningCertificate = check.essCertificateMatches === true;
  const baseline = field.subFilter === 'ETSI.CAdES.detached' && essSigningCertificate && !check.hasSigningTime && check.problem === null;
  const archive = archives.find((a) => !a.report.ok) ?? archives[0] ?? null;
  const longTerm = keptAfter && revocation?.checked;
  const level = !baseline ? null : !timestamp?.ok ? 'B-B' : !longTerm ? 'B-T' : archive?.report.ok && archive.coversRevocationData ? 'B-LTA' : 'B-LT';
  // checkIssued compares the names as OpenSSL re-encodes them, which misses node-forge's
  // self-signed certificates with Vietnamese names (the development signer's): compare the text too.
  const selfSigned = !!cert && (cert.checkIssued(cert) || cert.subject === cert.issuer) && verifiesItself(cert);
  const intact = coverage.wellFormed && check.problem === null;
  const problems = [
    !coverage.wellFormed ? 'vùng ký (ByteRange) không hợp lệ' : null,
    check.problem,
    chain.trusted ? null : chain.problem,
    timestamp && !timestamp.ok ? timestamp.problem : null,
    archive && !archive.report.ok ? `dấu thời gian lưu trữ (B-LTA) không hợp lệ: ${archive.report.problem ?? '?'}` : null,
    check.essCertificateMatches === false ? 'thuộc tính signing-certificate-v2 không khớp chứng thư người ký' : null,
    revocation?.revoked ? `chứng thư "${revocation.revoked}" đã bị thu hồi trước thời điểm ký (theo danh sách thu hồi trong tệp)` : null,
    coverage.changedAfter ? `văn bản bị thay đổi sau chữ ký (${coverage.changedAfter})` : null,
  ].filter((p): p is string => !!p);
  const report: SignatureReport = {
    index, subFilter: field.subFilter,
    signer: cert ? { ...holderOf(cert), subject: cert.subject.replace(/\n/g, ', '), fingerprint: certificateFingerprint(cert.raw) } : null,
    claimedTime: field.claimedTime, coverage, algorithm: check.algorithm, digestMatches: check.digestMatches, signatureValid: check.signatureValid,
    essSigningCertificate, signingTimeAttribute: check.hasSigningTime, chain, revocation, timestamp, archiveTimestamp: archive?.report ?? null, level,
    development: field.appName === DEVELOPMENT_APP_NAME || selfSigned,
    intact, valid: intact && chain.trusted && (!timestamp || timestamp.ok) && (!archive || archive.report.ok) && !revocation?.revoked && !coverage.changedAfter, problems, sentences: [],
  };
  report.sentences = describeSignature(report);
  return report;
}

/** Every signer's signature in the PDF, in file order (an empty list for an unsigned file); document timestamps are reported within them. */
export function verifyPdfSignatures(pdf: Uint8Array, options: VerifyOptions): SignatureReport[] {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length);
  const all = findSignatureFields(file);
  const fields = all.filter((f) => !f.documentTimestamp);
  const dss = dssContents(file);
  const stamps = checkArchiveTimestamps(file, all, options.anchors);
  // Each signature's tail read once; only the last one's can hold the DSS.
  const coverages = fields.map((field) => coverageOf(field, file, fields));
  const keptAfter = coverages.some((c) => c.revocationData);
  return fields.map((field, i) => {
    const { revocationData: _, ...coverage } = coverages[i]!;
    const end = field.byteRange[2] + field.byteRange[3];
    return verifyField(field, i + 1, file, coverage, keptAfter, stamps.filter((s) => s.end > end), options, dss);
  });
}

/** Whether a certificate's signature verifies under its own key (false, not a throw, when its bytes are damaged). */
function verifiesItself(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

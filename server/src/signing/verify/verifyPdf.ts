import { createHash, X509Certificate } from 'node:crypto';
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
import type { SignatureReport } from './report.js';
import { describeSignature } from './vietnamese.js';

export type { SignatureReport } from './report.js';

/**
 * Verifies every signature of a PDF, offline, against the configured trust anchors, and says
 * what it found in Vietnamese (Circular 15/2025 asks for results in Vietnamese): who signed,
 * the certification path, what the signature covers and what was added after it, the
 * signature value and message digest, the timestamp, and the PAdES level reached. Never
 * throws on a bad file.
 */

export interface VerifyOptions {
  /** The trust anchors (root certificates). */
  anchors: readonly X509Certificate[];
  /** Validation time when there is no timestamp (default now). */
  now?: Date;
}

function coverageOf(field: PdfSignatureField, file: Buffer, all: PdfSignatureField[]): SignatureReport['coverage'] {
  const [a, b, c, d] = field.byteRange;
  const end = c + d;
  const wellFormed = a === 0 && b < c && end <= file.length && file[b] === 0x3c && file[c - 1] === 0x3e;
  return {
    wellFormed, wholeFile: wellFormed && end === file.length, fileBytes: file.length,
    appendedBytes: Math.max(0, file.length - end),
    laterSignatures: all.filter((f) => f !== field && f.byteRange[1] >= end).length,
  };
}

function timestampToken(check: SignerInfoCheck): Buffer | null {
  const attr = check.signerInfo?.unsignedAttrs?.attributes.find((x) => x.type === oids.timeStampToken);
  const value = attr?.values[0] as asn1js.BaseBlock | undefined;
  return value ? Buffer.from(value.toBER()) : null;
}

function verifyField(field: PdfSignatureField, index: number, file: Buffer, all: PdfSignatureField[], options: VerifyOptions): SignatureReport {
  const coverage = coverageOf(field, file, all);
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
  const chain = cert ? chainToAnchors(cert, check.certificates, options.anchors, at) : { trusted: false, path: [], problem: 'không có chứng thư người ký' };
  const essSigningCertificate = check.essCertificateMatches === true;
  const baseline = field.subFilter === 'ETSI.CAdES.detached' && essSigningCertificate && !check.hasSigningTime && check.problem === null;
  const level = !baseline ? null : timestamp?.ok ? 'B-T' : 'B-B';
  // checkIssued compares the names as OpenSSL re-encodes them, which misses node-forge's
  // self-signed certificates with Vietnamese names (the development signer's): compare the text too.
  const selfSigned = !!cert && (cert.checkIssued(cert) || cert.subject === cert.issuer) && verifiesItself(cert);
  const intact = coverage.wellFormed && check.problem === null;
  const problems = [
    !coverage.wellFormed ? 'vùng ký (ByteRange) không hợp lệ' : null,
    check.problem,
    chain.trusted ? null : chain.problem,
    timestamp && !timestamp.ok ? timestamp.problem : null,
    check.essCertificateMatches === false ? 'thuộc tính signing-certificate-v2 không khớp chứng thư người ký' : null,
  ].filter((p): p is string => !!p);
  const report: SignatureReport = {
    index, subFilter: field.subFilter,
    signer: cert ? { ...holderOf(cert), subject: cert.subject.replace(/\n/g, ', '), fingerprint: certificateFingerprint(cert.raw) } : null,
    claimedTime: field.claimedTime, coverage, algorithm: check.algorithm, digestMatches: check.digestMatches, signatureValid: check.signatureValid,
    essSigningCertificate, signingTimeAttribute: check.hasSigningTime, chain, timestamp, level,
    development: field.appName === DEVELOPMENT_APP_NAME || selfSigned,
    intact, valid: intact && chain.trusted && (!timestamp || timestamp.ok), problems, sentences: [],
  };
  report.sentences = describeSignature(report);
  return report;
}

/** Every signature in the PDF, in file order (an empty list for an unsigned file). */
export function verifyPdfSignatures(pdf: Uint8Array, options: VerifyOptions): SignatureReport[] {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length);
  const fields = findSignatureFields(file);
  return fields.map((field, i) => verifyField(field, i + 1, file, fields, options));
}

/** Whether a certificate's signature verifies under its own key (false, not a throw, when its bytes are damaged). */
function verifiesItself(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

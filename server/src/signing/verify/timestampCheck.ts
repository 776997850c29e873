import { createHash, type X509Certificate } from 'node:crypto';
import { hashOfOid, nodeHash } from '../signer.js';
import { readTimestampToken } from '../tsa/timestampToken.js';
import { checkSignerInfo } from './signerInfoCheck.js';
import { chainToAnchors, type ChainResult } from './chain.js';
import { holderOf } from '../certificates.js';

/** What a signature's RFC 3161 timestamp proves: that the signature value existed at `time`. */
export interface TimestampReport {
  time: Date | null;
  /** The authority: its certificate's CN (O), or the name the token states. */
  authority: string | null;
  /** The token's imprint is the hash of this signature's value. */
  imprintMatches: boolean;
  /** The token's own CMS signature holds. */
  signatureValid: boolean;
  /** The TSA certificate is for timestamping (extended key usage id-kp-timeStamping). */
  timestampingCertificate: boolean;
  chain: ChainResult | null;
  ok: boolean;
  problem: string | null;
}

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/** Checks a TimeStampToken (DER) found as the unsigned attribute of a signature whose value is `signatureValue`. */
export function checkTimestamp(token: Buffer, signatureValue: Buffer, anchors: readonly X509Certificate[]): TimestampReport {
  return checkTimestampOver(token, [signatureValue], { anchors, mismatch: 'dấu thời gian không dành cho chữ ký này (imprint không khớp giá trị chữ ký)' });
}

export interface TimestampCheckOptions {
  anchors: readonly X509Certificate[];
  /** Certificates to build the TSA's path with besides those the token carries (a DSS's). */
  pool?: readonly X509Certificate[];
  /** The problem when the imprint is not the hash of what it should cover. */
  mismatch: string;
}

/** Checks a TimeStampToken (DER) that should be over `covered` (its parts in order: a signature value, a PDF's byte range). */
export function checkTimestampOver(token: Buffer, covered: readonly Buffer[], options: TimestampCheckOptions): TimestampReport {
  const report: TimestampReport = { time: null, authority: null, imprintMatches: false, signatureValid: false, timestampingCertificate: false, chain: null, ok: false, problem: null };
  const read = readTimestampToken(token);
  if (!read) return { ...report, problem: 'không đọc được dấu thời gian' };
  report.time = read.genTime;
  report.authority = read.tsaName;
  const hash = hashOfOid(read.imprintHashOid);
  report.imprintMatches = !!hash && covered.reduce((h, part) => h.update(part), createHash(nodeHash(hash))).digest().equals(read.imprint);
  const check = checkSignerInfo(read.signedData, (h) => createHash(nodeHash(h)).update(read.content).digest());
  report.signatureValid = check.problem === null;
  if (check.certificate) {
    const { commonName, organisation } = holderOf(check.certificate);
    report.authority = [commonName, organisation ? `(${organisation})` : null].filter(Boolean).join(' ') || report.authority;
    report.timestampingCertificate = (check.certificate.keyUsage ?? []).includes(TIME_STAMPING);
    report.chain = chainToAnchors(check.certificate, [...check.certificates, ...(options.pool ?? [])], options.anchors, read.genTime);
  }
  report.problem = !report.imprintMatches ? options.mismatch
    : check.problem ? `chữ ký của dấu thời gian không hợp lệ: ${check.problem}`
    : !report.timestampingCertificate ? 'chứng thư của đơn vị cấp dấu thời gian không dành cho cấp dấu thời gian (thiếu EKU timeStamping)'
    : report.chain && !report.chain.trusted ? `dấu thời gian ${report.chain.problem ?? 'không chuỗi tới gốc tin cậy'}`
    : null;
  report.ok = report.problem === null;
  return report;
}

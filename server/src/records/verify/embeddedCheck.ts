import type { X509Certificate } from 'node:crypto';
import type { EmbeddedSignatureVerdict } from '../../../../contract/records.js';
import { verifyPdfSignatures, type SignatureReport } from '../../signing/verify/verifyPdf.js';

/**
 * Checks the signatures embedded in a minutes PDF (what a reader shows), offline, through the
 * signing folder's verifier (adbe.pkcs7.detached from the development file signer, or PAdES
 * from the seal on a token; RSA PKCS#1 v1.5, RSA-PSS or ECDSA): the last /ByteRange must cover
 * the whole file but the /Contents hole, or all but validation data appended for the archive
 * (B-LT's DSS, B-LTA's document timestamp; an earlier one, its revision), the CMS message digest must be that of the covered
 * bytes, and the signed attributes must verify under the certificate carried in the CMS.
 * Reports the certificate's subject CN and SHA-256 fingerprint; whose certificate it is is
 * for the caller to say (the REST endpoint compares it with the council's registered one),
 * and the chain to the trust anchors is reported by records:verify. Never throws. A PDF
 * with no signature field is "no embedded signature", not a failure.
 */

export type EmbeddedCheck = Omit<EmbeddedSignatureVerdict, 'registered'>;

const none: EmbeddedCheck = { present: false, ok: false, commonName: null, fingerprint: null, problem: null, details: null };

/** `last`: the last signature must cover the whole file; an earlier one, its revision with only later signatures after it. */
function problemOf(r: SignatureReport, last: boolean): string | null {
  if (r.coverage.changedAfter) return `văn bản bị thay đổi sau chữ ký (${r.coverage.changedAfter}) / the document was changed after this signature`;
  if (!r.coverage.wellFormed || (last ? !(r.coverage.wholeFile || r.coverage.validationDataOnly) : r.coverage.laterSignatures === 0)) return 'chữ ký nhúng không phủ toàn bộ tệp (ByteRange) / the embedded signature does not cover the whole file';
  if (!r.signer) {
    return r.problems.includes('không tìm thấy chứng thư của người ký trong chữ ký')
      ? 'không tìm thấy chứng thư của người ký trong chữ ký nhúng / the signer\'s certificate is not in the embedded signature'
      : 'không đọc được chữ ký nhúng (CMS hỏng) / the embedded signature cannot be read';
  }
  if (!r.algorithm) return 'chữ ký nhúng không đúng dạng (thuật toán băm hoặc thuộc tính ký) / the embedded signature is malformed';
  if (!r.digestMatches) return 'nội dung PDF đã bị thay đổi sau khi ký (chữ ký nhúng không khớp) / the PDF was altered after signing (embedded signature digest mismatch)';
  if (!r.signatureValid) return 'chữ ký nhúng không hợp lệ với chứng thư của nó / the embedded signature does not verify under its certificate';
  return null;
}

/** The signatures as the app shows them: checked against the trust anchors, in Vietnamese, each in order (the person's, then the seal). */
function detailsOf(reports: SignatureReport[]): EmbeddedSignatureVerdict['details'] {
  const last = reports.at(-1)!;
  return {
    level: last.level, trusted: reports.every((r) => r.chain.trusted), development: reports.some((r) => r.development), sentences: reports.flatMap((r) => r.sentences),
    timestampAt: last.timestamp?.ok && last.timestamp.time ? last.timestamp.time.toISOString() : null,
  };
}

/**
 * `anchors`: the roots `details` reports the chain against (none: nothing is trusted). The
 * verdict itself (intact or not) does not depend on them. Several signatures (the chair's,
 * then the council's seal appended after it) are each checked; the verdict names the last,
 * the seal, whose certificate the caller compares with the council's registered one.
 */
export function checkEmbeddedSignature(pdf: Uint8Array, anchors: X509Certificate[] = []): EmbeddedCheck {
  const reports = verifyPdfSignatures(pdf, { anchors });
  if (reports.length === 0) return none;
  const last = reports.at(-1)!;
  const problems = reports.map((r, i) => problemOf(r, i === reports.length - 1));
  const failed = problems.findIndex((p) => p !== null);
  const problem = failed < 0 ? null : reports.length === 1 ? problems[0]! : `chữ ký nhúng thứ ${failed + 1}/${reports.length}: ${problems[failed]!}`;
  return { present: true, ok: problem === null, commonName: last.signer?.commonName ?? null, fingerprint: last.signer?.fingerprint ?? null, problem, details: detailsOf(reports) };
}

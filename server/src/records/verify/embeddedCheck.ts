import type { X509Certificate } from 'node:crypto';
import type { EmbeddedSignatureVerdict } from '../../../../contract/records.js';
import { verifyPdfSignatures, type SignatureReport } from '../../signing/verify/verifyPdf.js';

/**
 * Checks the signature embedded in a minutes PDF (what a reader shows), offline, through the
 * signing folder's verifier (adbe.pkcs7.detached from the development file signer, or PAdES
 * from the seal on a token; RSA PKCS#1 v1.5, RSA-PSS or ECDSA): the /ByteRange must cover the
 * whole file but the /Contents hole, the CMS message digest must be that of the covered
 * bytes, and the signed attributes must verify under the certificate carried in the CMS.
 * Reports the certificate's subject CN and SHA-256 fingerprint; whose certificate it is is
 * for the caller to say (the REST endpoint compares it with the council's registered one),
 * and the chain to the trust anchors is reported by records:verify. Never throws. A PDF
 * with no signature field is "no embedded signature", not a failure.
 */

export type EmbeddedCheck = Omit<EmbeddedSignatureVerdict, 'registered'>;

const none: EmbeddedCheck = { present: false, ok: false, commonName: null, fingerprint: null, problem: null, details: null };

function problemOf(r: SignatureReport): string | null {
  if (!r.coverage.wellFormed || !r.coverage.wholeFile) return 'chữ ký nhúng không phủ toàn bộ tệp (ByteRange) / the embedded signature does not cover the whole file';
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

/** The first signature as the app shows it: checked against the trust anchors, in Vietnamese. */
function detailsOf(report: SignatureReport): EmbeddedSignatureVerdict['details'] {
  return {
    level: report.level, trusted: report.chain.trusted, development: report.development, sentences: report.sentences,
    timestampAt: report.timestamp?.ok && report.timestamp.time ? report.timestamp.time.toISOString() : null,
  };
}

/**
 * `anchors`: the roots `details` reports the chain against (none: nothing is trusted). The
 * verdict itself (intact or not) does not depend on them.
 */
export function checkEmbeddedSignature(pdf: Uint8Array, anchors: X509Certificate[] = []): EmbeddedCheck {
  const reports = verifyPdfSignatures(pdf, { anchors });
  if (reports.length === 0) return none;
  const described = (r: SignatureReport | undefined) => ({ commonName: r?.signer?.commonName ?? null, fingerprint: r?.signer?.fingerprint ?? null });
  const details = detailsOf(reports[0]!);
  if (reports.length > 1) {
    return { ...none, present: true, problem: `tệp có ${reports.length} chữ ký nhúng, chỉ chấp nhận một / ${reports.length} embedded signatures, one expected`, details };
  }
  const report = reports[0]!;
  const problem = problemOf(report);
  return { present: true, ok: problem === null, ...described(report), problem, details };
}

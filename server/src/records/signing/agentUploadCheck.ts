import type { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { AppError } from '../../platform/errors.js';
import { oids } from '../../signing/cms/oids.js';
import { findSignatureFields, type PdfSignatureField } from '../../signing/verify/pdfSignatureFields.js';
import { checkSignerInfo } from '../../signing/verify/signerInfoCheck.js';
import { verifyPdfSignatures, type SignatureReport } from '../../signing/verify/verifyPdf.js';
import { changesBeyondSigning } from '../../signing/verify/signingOnlyChanges.js';

/**
 * What a desktop agent's upload must be to be sealed and stored as the signed paper: the
 * prepared PDF unchanged as its first bytes, followed by an incremental update that adds
 * exactly one signature and changes nothing else (signingOnlyChanges.ts), whose ByteRange covers the whole uploaded file (nothing added after
 * it), intact (digest and signature value), chaining to the trust anchors when any are
 * configured, its timestamp (if any) valid, and the signer's certificate valid now.
 * Each refusal is a 400 a secretary understands; nothing is thrown otherwise.
 */

export interface AgentSignature {
  report: SignatureReport;
  /** The signer's certificate subject ("C=VN, O=…, CN=…"), for the audit. */
  subject: string;
  commonName: string | null;
  fingerprint: string;
}

/** The paper, as the refusals name it. */
const PAPER_WORDS = { minutes: { vi: 'biên bản', en: 'these minutes' }, resolution: { vi: 'nghị quyết', en: 'this resolution' } } as const;
const refuse = (vi: string, en: string) => new AppError('validation_failed', `${vi} / ${en}`, { issues: [{ path: 'file', message: vi }] });

/** The signer's certificate as the CMS carries it (null when unreadable). */
function signerCertificate(field: PdfSignatureField): X509Certificate | null {
  try {
    const info = pkijs.ContentInfo.fromBER(field.contents);
    if (info.contentType !== oids.signedData) return null;
    return checkSignerInfo(new pkijs.SignedData({ schema: info.content }), () => Buffer.alloc(0)).certificate;
  } catch {
    return null;
  }
}

export async function checkAgentUpload(prepared: Buffer, uploaded: Buffer, anchors: readonly X509Certificate[], now: Date, paper: keyof typeof PAPER_WORDS): Promise<AgentSignature> {
  const words = PAPER_WORDS[paper];
  const notThis = `Tệp tải lên không phải bản đã ký của ${words.vi} này`;
  if (uploaded.length <= prepared.length || !uploaded.subarray(0, prepared.length).equals(prepared)) {
    throw refuse(`${notThis}: phần nội dung tải về từ hệ thống đã bị thay đổi. Hãy ký lại đúng tệp vừa tải về, không mở sửa hay lưu lại bằng phần mềm khác.`,
      `The upload is not the signed copy of ${words.en}: the downloaded bytes were changed. Sign the downloaded file as it is (an incremental update).`);
  }
  // The update may add the signature (its field, widget and look) and nothing else: not a word of the paper changed.
  const changed = await changesBeyondSigning(prepared, uploaded).catch(() => 'tệp PDF hỏng, không đọc được');
  if (changed) {
    throw refuse(`${notThis}: ngoài chữ ký số, tệp còn bị sửa (${changed}). Hãy ký đúng tệp vừa tải về mà không sửa nội dung.`,
      `The upload changes ${words.en} beyond adding a signature (${changed}).`);
  }
  const before = findSignatureFields(prepared).length;
  const fields = findSignatureFields(uploaded);
  if (fields.length === before) {
    throw refuse(`${notThis}: tệp chưa có chữ ký số mới. Hãy ký bằng USB token rồi tải lên tệp đã ký.`, 'The upload carries no new signature.');
  }
  if (fields.length > before + 1) {
    throw refuse(`${notThis}: tệp có nhiều hơn một chữ ký số mới; chỉ được thêm đúng một chữ ký của người ký.`, 'The upload adds more than one signature.');
  }
  const field = fields.at(-1)!;
  const report = verifyPdfSignatures(uploaded, { anchors, now }).at(-1)!;
  if (field.byteRange[1] < prepared.length || !report.coverage.wholeFile) {
    throw refuse(`${notThis}: chữ ký số không bao trùm toàn bộ tệp (có nội dung được thêm sau chữ ký hoặc vùng ký sai).`,
      'The new signature does not cover the whole uploaded file.');
  }
  if (!report.intact) {
    throw refuse(`Chữ ký số trong tệp tải lên không hợp lệ: ${report.problems.join('; ') || 'không kiểm tra được'}.`, 'The new signature is not valid.');
  }
  if (report.timestamp && !report.timestamp.ok) {
    throw refuse(`Dấu thời gian của chữ ký số không hợp lệ: ${report.timestamp.problem ?? ''}.`, 'The signature\'s timestamp is not valid.');
  }
  if (anchors.length > 0 && !report.chain.trusted) {
    throw refuse(`Chứng thư số đã ký không thuộc hệ thống chứng thực được tin cậy (${report.chain.problem ?? 'không chuỗi tới gốc tin cậy'}). Hãy ký bằng chứng thư số do tổ chức cung cấp dịch vụ chứng thực được công nhận cấp.`,
      'The signing certificate does not chain to the configured trust anchors.');
  }
  const cert = signerCertificate(field);
  if (!cert || !report.signer) throw refuse('Không đọc được chứng thư số của người ký trong tệp tải lên.', 'The signer\'s certificate cannot be read.');
  if (new Date(cert.validFrom) > now || now > new Date(cert.validTo)) {
    throw refuse(`Chứng thư số của người ký không còn hiệu lực (hiệu lực ${cert.validFrom} – ${cert.validTo}).`, 'The signer\'s certificate is not valid now.');
  }
  return { report, subject: report.signer.subject, commonName: report.signer.commonName, fingerprint: report.signer.fingerprint };
}

import type { X509Certificate } from 'node:crypto';
import type { PdfSignatureField } from './pdfSignatureFields.js';
import { checkTimestampOver, type TimestampReport } from './timestampCheck.js';
import { dssContents, readableCertificates } from './dssContents.js';

/**
 * The document timestamps of a PDF (PAdES B-LTA, ETSI EN 319 142-1 §5.4; /Type /DocTimeStamp,
 * /SubFilter /ETSI.RFC3161), each checked as ISO 32000-2 §12.8.5 has it: its /ByteRange well
 * formed, the token's message imprint the hash of the bytes it covers, the token's signature
 * valid, the TSA's certificate for timestamping and chaining to the trust anchors (through the
 * certificates the token and the DSS carry) at the time it states. Not a signer's signature:
 * it proves what the file held then, the signatures and their validation data included.
 */
export interface ArchiveTimestamp {
  /** Where the bytes it covers end (the file's length when it was made). */
  end: number;
  report: TimestampReport;
  /** The file it covers kept revocation data in its DSS (it timestamps a B-LT file). */
  coversRevocationData: boolean;
}

const MISMATCH = 'imprint không khớp nội dung được đóng dấu: tệp đã bị thay đổi sau khi đóng dấu thời gian lưu trữ';

export function checkArchiveTimestamps(file: Buffer, fields: readonly PdfSignatureField[], anchors: readonly X509Certificate[]): ArchiveTimestamp[] {
  return fields.filter((f) => f.documentTimestamp).map((field) => {
    const [a, b, c, d] = field.byteRange;
    const end = c + d;
    const wellFormed = a === 0 && b < c && end <= file.length && file[b] === 0x3c && file[c - 1] === 0x3e;
    if (!wellFormed) {
      const report: TimestampReport = { time: null, authority: null, imprintMatches: false, signatureValid: false, timestampingCertificate: false, chain: null, ok: false, problem: 'vùng đóng dấu (ByteRange) không hợp lệ' };
      return { end, report, coversRevocationData: false };
    }
    // What it covers is the file as it was then: its own DSS, read from that revision.
    const covered = dssContents(file.subarray(0, end));
    const pool = readableCertificates(covered.certificates);
    const report = checkTimestampOver(field.contents, [file.subarray(0, b), file.subarray(c, end)], { anchors, pool, mismatch: MISMATCH });
    return { end, report, coversRevocationData: covered.crls.length > 0 };
  });
}

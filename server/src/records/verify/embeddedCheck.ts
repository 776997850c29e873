import { createHash, verify } from 'node:crypto';
import forge from 'node-forge';
import type { EmbeddedSignatureVerdict } from '../../../../contract/records.js';
import { commonNameOf, decodeParsedNames, describeCertificate } from '../signing/pdfCertificate.js';

/**
 * Checks the signature embedded in a PDF (what a reader shows), offline: the /ByteRange must
 * cover the whole file but the /Contents hole, the CMS message digest must be that of the
 * covered bytes, and the signed attributes must verify under the certificate carried in the
 * CMS. Reports the certificate's subject CN and SHA-256 fingerprint; whose certificate it is
 * is for the caller to say (the REST endpoint compares it with the council's registered one).
 * Never throws. A PDF with no signature field is "no embedded signature", not a failure.
 */

export type EmbeddedCheck = Omit<EmbeddedSignatureVerdict, 'registered'>;

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const DIGESTS: Record<string, string> = { [forge.pki.oids.sha256!]: 'sha256', [forge.pki.oids.sha384!]: 'sha384', [forge.pki.oids.sha512!]: 'sha512' };
const MESSAGE_DIGEST = forge.pki.oids.messageDigest!;

const none: EmbeddedCheck = { present: false, ok: false, commonName: null, fingerprint: null, problem: null };
const bad = (problem: string, partial: Partial<EmbeddedCheck> = {}): EmbeddedCheck => ({ ...none, present: true, ...partial, ok: false, problem });

type Node = forge.asn1.Asn1;
const children = (n: Node | undefined): Node[] => (Array.isArray(n?.value) ? n.value as Node[] : []);
const bytesOf = (n: Node | undefined) => Buffer.from(typeof n?.value === 'string' ? n.value : '', 'binary');

export function checkEmbeddedSignature(pdf: Uint8Array): EmbeddedCheck {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length);
  const ranges = [...file.toString('latin1').matchAll(BYTE_RANGE)];
  if (ranges.length === 0) return none;
  if (ranges.length > 1) return bad(`tệp có ${ranges.length} chữ ký nhúng, chỉ chấp nhận một / ${ranges.length} embedded signatures, one expected`);
  const [a, b, c, d] = ranges[0]!.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || c <= b || c + d !== file.length || file[b] !== 0x3c || file[c - 1] !== 0x3e) {
    return bad('chữ ký nhúng không phủ toàn bộ tệp (ByteRange) / the embedded signature does not cover the whole file');
  }
  try {
    const der = Buffer.from(file.subarray(b + 1, c - 1).toString('latin1'), 'hex');
    const root = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), { parseAllBytes: false } as unknown as boolean);
    const p7 = forge.pkcs7.messageFromAsn1(root) as forge.pkcs7.PkcsSignedData & { rawCapture: { signerInfos?: Node[] } };
    const [signer, ...others] = p7.rawCapture.signerInfos ?? [];
    if (!signer || others.length > 0) return bad('chữ ký nhúng không có đúng một người ký / the embedded signature has not exactly one signer');
    const parts = children(signer);
    const serial = bytesOf(children(parts[1])[1]).toString('hex');
    const cert = p7.certificates.find((x) => x.serialNumber.replace(/^0+/, '') === serial.replace(/^0+/, ''));
    if (!cert) return bad('không tìm thấy chứng thư của người ký trong chữ ký nhúng / the signer\'s certificate is not in the embedded signature');
    const described = { commonName: commonNameOf(decodeParsedNames(cert)), fingerprint: describeCertificate(cert).fingerprint };
    const digest = DIGESTS[forge.asn1.derToOid(forge.util.createBuffer(bytesOf(children(parts[2])[0]).toString('binary')))];
    const attrs = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
    const signature = parts.slice(4).find((p) => p.tagClass === forge.asn1.Class.UNIVERSAL && p.type === forge.asn1.Type.OCTETSTRING);
    if (!digest || !attrs || !signature) return bad('chữ ký nhúng không đúng dạng (thuật toán băm hoặc thuộc tính ký) / the embedded signature is malformed', described);
    const md = children(attrs).find((attr) => forge.asn1.derToOid(forge.util.createBuffer(bytesOf(children(attr)[0]).toString('binary'))) === MESSAGE_DIGEST);
    const expected = bytesOf(children(children(md)[1])[0]);
    const actual = createHash(digest).update(file.subarray(0, b)).update(file.subarray(c)).digest();
    if (!actual.equals(expected)) return bad('nội dung PDF đã bị thay đổi sau khi ký (chữ ký nhúng không khớp) / the PDF was altered after signing (embedded signature digest mismatch)', described);
    const signedAttrs = Buffer.from(forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(attrs))).getBytes(), 'binary');
    if (!verify(digest, signedAttrs, forge.pki.publicKeyToPem(cert.publicKey), bytesOf(signature))) {
      return bad('chữ ký nhúng không hợp lệ với chứng thư của nó / the embedded signature does not verify under its certificate', described);
    }
    return { present: true, ok: true, ...described, problem: null };
  } catch {
    return bad('không đọc được chữ ký nhúng (CMS hỏng) / the embedded signature cannot be read');
  }
}

import { createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashOfOid, nodeHash, type HashName } from '../signer.js';
import { verifyParams } from '../cms/algorithms.js';
import { oids } from '../cms/oids.js';
import { signingCertificateHash } from '../cms/signingCertificate.js';
import { octets } from '../tsa/timestampToken.js';

/**
 * One SignerInfo of a CMS SignedData checked against the content it signs: the signer's
 * certificate found among those carried, the message-digest attribute equal to the content's
 * hash, the signature over the signed attributes valid under the certificate's key, and what
 * PAdES baseline asks of the attributes (ESS signing-certificate-v2 naming this certificate;
 * no signing-time). Never throws.
 */
export interface SignerInfoCheck {
  certificate: X509Certificate | null;
  /** Every certificate the CMS carries (for path building). */
  certificates: X509Certificate[];
  hash: HashName | null;
  /** "RSA-PSS SHA-256", "RSA PKCS#1 v1.5 SHA-256", "ECDSA SHA-256". */
  algorithm: string | null;
  digestMatches: boolean;
  signatureValid: boolean;
  /** true: the signing-certificate-v2 attribute names this certificate; false: it names another; null: absent. */
  essCertificateMatches: boolean | null;
  hasSigningTime: boolean;
  /** The signature value (what a CAdES-T timestamp covers). */
  signatureValue: Buffer;
  signerInfo: pkijs.SignerInfo | null;
  /** The first thing wrong, in Vietnamese; null when the signature holds. */
  problem: string | null;
}

const derOf = (cert: pkijs.Certificate) => Buffer.from(cert.toSchema().toBER());

function findSigner(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate | null {
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (signerInfo.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = signerInfo.sid;
    return certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer)) ?? null;
  }
  const ski = Buffer.from((signerInfo.sid as asn1js.Primitive).valueBlock.valueHexView);
  return certs.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    return ext && Buffer.from((ext.parsedValue as asn1js.OctetString).valueBlock.valueHexView).equals(ski);
  }) ?? null;
}

const attr = (info: pkijs.SignerInfo, type: string) => info.signedAttrs?.attributes.find((a) => a.type === type);

/** `digestOf(hash)`: the hash of the signed content (the PDF's byte range, or a TSTInfo). */
export function checkSignerInfo(signedData: pkijs.SignedData, digestOf: (hash: HashName) => Buffer): SignerInfoCheck {
  const result: SignerInfoCheck = {
    certificate: null, certificates: [], hash: null, algorithm: null, digestMatches: false, signatureValid: false,
    essCertificateMatches: null, hasSigningTime: false, signatureValue: Buffer.alloc(0), signerInfo: null, problem: null,
  };
  const fail = (problem: string) => ({ ...result, problem });
  try {
    result.certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new X509Certificate(derOf(c)));
    if (signedData.signerInfos.length !== 1) return fail(`CMS có ${signedData.signerInfos.length} người ký, cần đúng một`);
    const info = signedData.signerInfos[0]!;
    result.signerInfo = info;
    result.signatureValue = Buffer.from(info.signature.valueBlock.valueHexView);
    const signer = findSigner(signedData, info);
    if (!signer) return fail('không tìm thấy chứng thư của người ký trong chữ ký');
    result.certificate = new X509Certificate(derOf(signer));
    const hash = hashOfOid(info.digestAlgorithm.algorithmId);
    if (!hash) return fail(`thuật toán băm ${info.digestAlgorithm.algorithmId} không được chấp nhận (cần SHA-256 trở lên)`);
    result.hash = hash;
    const params = verifyParams(info.signatureAlgorithm, hash);
    if (!params) return fail(`thuật toán ký ${info.signatureAlgorithm.algorithmId} không được hỗ trợ`);
    result.algorithm = `${params.name} ${params.hash}`;
    if (!info.signedAttrs) return fail('chữ ký không có thuộc tính ký (signed attributes)');
    const md = attr(info, oids.messageDigest)?.values[0];
    result.digestMatches = md instanceof asn1js.OctetString && octets(md).equals(digestOf(hash));
    result.hasSigningTime = !!attr(info, oids.signingTime);
    const ess = attr(info, oids.signingCertificateV2);
    if (ess) {
      const named = signingCertificateHash(ess);
      const essHash = named && hashOfOid(named.hashOid);
      result.essCertificateMatches = !!essHash && createHash(nodeHash(essHash)).update(result.certificate.raw).digest().equals(named!.certHash);
    }
    const signed = Buffer.from(info.signedAttrs.encodedValue);
    signed[0] = 0x31; // signed over as a SET OF, not the [0] IMPLICIT tag it travels under
    result.signatureValid = verify(nodeHash(params.hash), signed, {
      key: result.certificate.publicKey,
      ...(params.padding !== undefined ? { padding: params.padding } : {}),
      ...(params.saltLength !== undefined ? { saltLength: params.saltLength } : {}),
    }, result.signatureValue);
    if (!result.digestMatches) return fail('nội dung đã bị thay đổi sau khi ký (message digest không khớp)');
    if (!result.signatureValid) return fail('giá trị chữ ký không hợp lệ với khóa công khai của chứng thư');
    return result;
  } catch {
    return fail('không đọc được cấu trúc chữ ký CMS');
  }
}

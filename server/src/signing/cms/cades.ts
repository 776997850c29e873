import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { nodeHash, type SignatureScheme, type Signer } from '../signer.js';
import { hashAlgorithm, signatureAlgorithm } from './algorithms.js';
import { oids } from './oids.js';
import { signingCertificateV2 } from './signingCertificate.js';

/**
 * A detached CAdES signature (CMS SignedData, RFC 5652) for PAdES baseline: signed attributes
 * content-type, message-digest and ESS signing-certificate-v2, and NO signing-time (PAdES
 * forbids it: the claimed time is the PDF dictionary's /M, the proven one the timestamp);
 * then, when a timestamp source is given, the RFC 3161 token over the signature value as the
 * unsigned attribute id-aa-timeStampToken (B-T). The CMS carries the signer's chain.
 *
 * Built with pkijs and asn1js (PeculiarVentures: typed classes for every CMS, X.509 and TSP
 * structure, maintained, no native code); the cryptography itself is node:crypto's and the
 * signer's, so pkijs' WebCrypto engine is never used.
 */

/** Given the signature value, returns a TimeStampToken (a ContentInfo, DER). */
export type TimestampSource = (signatureValue: Buffer) => Promise<Buffer>;

export interface CadesOptions {
  signer: Signer;
  scheme: SignatureScheme;
  /** Absent: B-B only (no timestamp). */
  timestamp?: TimestampSource;
}

/** DER of a SET OF sorted as DER requires (by each element's encoding). */
function derSetOf(attributes: pkijs.Attribute[]): { sorted: pkijs.Attribute[]; der: Buffer } {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) })).sort((x, y) => Buffer.compare(x.der, y.der));
  const sorted = encoded.map((e) => e.a);
  const der = Buffer.from(new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER());
  return { sorted, der };
}

/** The CMS (ContentInfo, DER) signing the content whose hash is `contentDigest`. */
export async function cadesDetached(contentDigest: Buffer, options: CadesOptions): Promise<Buffer> {
  const { signer, scheme } = options;
  const certificates = signer.chain.map((der) => pkijs.Certificate.fromBER(der));
  const signerCert = certificates[0]!;
  const { sorted, der } = derSetOf([
    new pkijs.Attribute({ type: oids.contentType, values: [new asn1js.ObjectIdentifier({ value: oids.data })] }),
    new pkijs.Attribute({ type: oids.messageDigest, values: [new asn1js.OctetString({ valueHex: contentDigest })] }),
    signingCertificateV2(signerCert, signer.chain[0]!),
  ]);
  const signature = await signer.signDigest(createHash(nodeHash(scheme.hash)).update(der).digest(), scheme);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCert.issuer, serialNumber: signerCert.serialNumber }),
    digestAlgorithm: hashAlgorithm(scheme.hash),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: signatureAlgorithm(signer.keyType, scheme),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  if (options.timestamp) {
    const token = await options.timestamp(signature);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: oids.timeStampToken, values: [asn1js.fromBER(token).result] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [hashAlgorithm(scheme.hash)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oids.data }),
    certificates,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: oids.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}

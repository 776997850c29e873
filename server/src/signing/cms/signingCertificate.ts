import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { oids } from './oids.js';

/**
 * The ESS signing-certificate-v2 attribute (RFC 5035), which PAdES baseline requires: it
 * binds the signer's certificate into what is signed, so the certificate cannot be swapped
 * for another holding the same key.
 *
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 *   IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 */
export function signingCertificateV2(certificate: pkijs.Certificate, der: Buffer): pkijs.Attribute {
  const certHash = createHash('sha256').update(der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }).toSchema(),
      certificate.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] });
  return new pkijs.Attribute({
    type: oids.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/**
 * The certificate hash the first ESSCertIDv2 of a signing-certificate-v2 attribute names,
 * with its hash (SHA-256 when the algorithm is left at its default); null when unreadable.
 */
export function signingCertificateHash(attribute: pkijs.Attribute): { hashOid: string; certHash: Buffer } | null {
  const top = attribute.values[0] as asn1js.Sequence | undefined;
  const certs = top?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
  if (!first) return null;
  const parts = first.valueBlock.value;
  let hashOid = '2.16.840.1.101.3.4.2.1';
  let i = 0;
  if (parts[0] instanceof asn1js.Sequence) {
    hashOid = new pkijs.AlgorithmIdentifier({ schema: parts[0] }).algorithmId;
    i = 1;
  }
  const hash = parts[i];
  if (!(hash instanceof asn1js.OctetString)) return null;
  return { hashOid, certHash: Buffer.from(hash.valueBlock.valueHexView) };
}

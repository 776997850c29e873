import { createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { nodeHash, type SignatureScheme } from './signer.js';
import { signatureAlgorithm } from './cms/algorithms.js';

/** A name attribute: CN, O, OU, L, ST or C (C is a PrintableString, the others UTF8String so Vietnamese survives). */
export type NameAttribute = { type: 'CN' | 'O' | 'OU' | 'L' | 'ST' | 'C'; value: string };

const NAME_OIDS: Record<NameAttribute['type'], string> = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', ST: '2.5.4.8', C: '2.5.4.6' };

/**
 * A PKCS#10 certification request for a key that never leaves its token: the request is
 * signed through `signDigest` (e.g. a Pkcs11Key). What a province sends to the CA (the
 * Government CA for official-duty certificates) to get the council's seal certificate.
 * Returns the request as DER.
 */
export async function certificationRequest(args: {
  subject: NameAttribute[];
  publicKey: KeyObject;
  keyType: 'rsa' | 'ec';
  scheme: SignatureScheme;
  signDigest: (digest: Buffer, scheme: SignatureScheme) => Promise<Buffer>;
}): Promise<Buffer> {
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  // One attribute per RDN (pkijs would put them all in one multi-valued RDN).
  const rdns = args.subject.map(({ type, value }) => new asn1js.Set({ value: [new asn1js.Sequence({ value: [
    new asn1js.ObjectIdentifier({ value: NAME_OIDS[type] }),
    type === 'C' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
  ] })] }));
  csr.subject = pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER());
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(args.publicKey.export({ type: 'spki', format: 'der' }));
  csr.attributes = [];
  const tbs = Buffer.from((csr.toSchema(true).valueBlock.value[0] as asn1js.Sequence).toBER());
  const signature = await args.signDigest(createHash(nodeHash(args.scheme.hash)).update(tbs).digest(), args.scheme);
  csr.signatureAlgorithm = signatureAlgorithm(args.keyType, args.scheme);
  csr.signatureValue = new asn1js.BitString({ valueHex: signature });
  csr.tbsView = new Uint8Array(tbs);
  return Buffer.from(csr.toSchema(false).toBER());
}

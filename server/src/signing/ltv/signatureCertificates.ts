import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { oids } from '../cms/oids.js';
import { findSignatureFields } from '../verify/pdfSignatureFields.js';

/**
 * Every certificate a PDF's signatures carry: those in each signature's CMS (the signer and
 * the issuers sent with it) and those in its RFC 3161 timestamp token (the timestamp
 * authority and its issuers; a document timestamp's token is read as such a CMS), DER, each
 * once. What a B-LT archive keeps, with their CRLs.
 */

function signedDataOf(der: ArrayBuffer | Buffer): pkijs.SignedData | null {
  try {
    const info = pkijs.ContentInfo.fromBER(der);
    return info.contentType === oids.signedData ? new pkijs.SignedData({ schema: info.content }) : null;
  } catch {
    return null;
  }
}

function certificatesIn(signed: pkijs.SignedData): Buffer[] {
  return (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => Buffer.from(c.toSchema().toBER()));
}

export function signatureCertificates(pdf: Buffer): Buffer[] {
  const out = new Map<string, Buffer>();
  const add = (ders: Buffer[]) => ders.forEach((d) => out.set(d.toString('base64'), d));
  for (const field of findSignatureFields(pdf)) {
    const signed = signedDataOf(field.contents);
    if (!signed) continue;
    add(certificatesIn(signed));
    for (const info of signed.signerInfos) {
      const token = info.unsignedAttrs?.attributes.find((a) => a.type === oids.timeStampToken)?.values[0] as asn1js.BaseBlock | undefined;
      const tst = token ? signedDataOf(token.toBER()) : null;
      if (tst) add(certificatesIn(tst));
    }
  }
  return [...out.values()];
}

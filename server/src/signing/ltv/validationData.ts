import { X509Certificate } from 'node:crypto';
import type { ValidationData } from '../pdf/dss.js';
import { signatureCertificates } from './signatureCertificates.js';
import { checkAgainstCrl, crlUrlsOf, fetchCrl } from './crl.js';

/**
 * What a signed PDF needs to be validated years later without the network (PAdES B-LT):
 * every certificate its signatures and timestamps carry, the trust anchors they chain to, and
 * for each certificate that is not a root, its issuer's current CRL, checked (signed by the
 * issuer, not listing it). A certificate with no distribution point is kept without a CRL.
 * An unreachable or bad CRL, or a revoked certificate, is an error saying which.
 */
export async function validationDataFor(pdf: Buffer, anchors: readonly X509Certificate[], at = new Date()): Promise<ValidationData> {
  const carried = signatureCertificates(pdf).map((d) => new X509Certificate(d));
  const pool = [...carried, ...anchors.filter((a) => !carried.some((c) => c.fingerprint256 === a.fingerprint256))];
  const crls = new Map<string, Buffer>();
  for (const cert of pool) {
    if (cert.checkIssued(cert)) continue;
    const issuer = pool.find((c) => c !== cert && cert.checkIssued(c) && cert.verify(c.publicKey));
    const urls = crlUrlsOf(cert.raw);
    if (!issuer || urls.length === 0) continue;
    const url = urls[0]!;
    const der = crls.get(url) ?? await fetchCrl(url);
    await checkAgainstCrl(der, cert, issuer, url, at);
    crls.set(url, der);
  }
  return { certificates: pool.map((c) => c.raw), crls: [...crls.values()] };
}

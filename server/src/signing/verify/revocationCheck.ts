import { verify, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { nodeHash } from '../signer.js';
import { verifyParams } from '../cms/algorithms.js';
import { nameField } from '../certificates.js';

/**
 * The certification path checked against the CRLs a file keeps (its DSS): for every
 * certificate but the anchor, a CRL of its issuer (signed by it, current at the signing
 * time) that does not list it as revoked before then. Offline and synchronous; never throws.
 */
export interface RevocationResult {
  /** Every certificate of the path below the anchor has such a CRL. */
  checked: boolean;
  /** The first certificate found revoked at the signing time, by name; null when none. */
  revoked: string | null;
  /** The CAs whose CRLs were used. */
  issuers: string[];
}

const cn = (c: X509Certificate) => nameField(c.subject, 'CN') ?? c.subject;

/** The CRL's signature checked with the issuer's key (RSA PKCS#1, RSA-PSS, ECDSA). */
function signedBy(crl: pkijs.CertificateRevocationList, issuer: X509Certificate): boolean {
  try {
    const params = verifyParams(crl.signature, 'SHA-256');
    if (!params) return false;
    const tbs = Buffer.from(crl.tbsView);
    const sig = Buffer.from(crl.signatureValue.valueBlock.valueHexView);
    const key = { key: issuer.publicKey, ...(params.padding !== undefined ? { padding: params.padding } : {}), ...(params.saltLength !== undefined ? { saltLength: params.saltLength } : {}), ...(params.name === 'ECDSA' ? { dsaEncoding: 'der' as const } : {}) };
    return verify(nodeHash(params.hash), tbs, key, sig);
  } catch {
    return false;
  }
}

function parse(der: Buffer): pkijs.CertificateRevocationList | null {
  try {
    return pkijs.CertificateRevocationList.fromBER(der);
  } catch {
    return null;
  }
}

/** `path`: the signer's certificate up to the anchor (each issued by the next). */
export function checkRevocation(path: readonly X509Certificate[], crlDers: readonly Buffer[], at: Date): RevocationResult {
  const crls = crlDers.map(parse).filter((c): c is pkijs.CertificateRevocationList => c !== null);
  const issuers: string[] = [];
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    const current = crls.filter((c) => signedBy(c, issuer) && c.thisUpdate.value <= new Date(Math.max(at.getTime(), Date.now())) && (!c.nextUpdate || c.nextUpdate.value >= at));
    if (current.length === 0) return { checked: false, revoked: null, issuers };
    const serial = pkijs.Certificate.fromBER(cert.raw).serialNumber;
    const listed = current.flatMap((c) => c.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(serial) && r.revocationDate.value <= at);
    if (listed) return { checked: true, revoked: cn(cert), issuers };
    issuers.push(cn(issuer));
  }
  return { checked: path.length > 1, revoked: null, issuers: [...new Set(issuers)] };
}

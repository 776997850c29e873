import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { signingErrors } from '../errors.js';

/**
 * Certificate revocation lists (RFC 5280 §5) as a B-LT archive keeps them: where a
 * certificate's issuer publishes its CRL (the CRL distribution points extension, http URLs),
 * fetched, checked to be signed by that issuer and current, and the certificate not on it.
 */

const CDP = '2.5.29.31';
/** A national CA's CRL can be large; 20 MB is far beyond any seen. */
const MAX_BYTES = 20 * 1024 * 1024;

/** The http(s) addresses in a certificate's CRL distribution points. */
export function crlUrlsOf(der: Buffer): string[] {
  const cert = pkijs.Certificate.fromBER(der);
  const ext = cert.extensions?.find((e) => e.extnID === CDP);
  const points = (ext?.parsedValue as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ?? [];
  return points.flatMap((p) => (Array.isArray(p.distributionPoint) ? p.distributionPoint : []))
    .filter((n) => n.type === 6 && typeof n.value === 'string' && /^https?:\/\//.test(n.value)).map((n) => n.value as string);
}

const pemToDer = (bytes: Buffer) => {
  const text = bytes.subarray(0, 40).toString('latin1');
  if (!text.startsWith('-----BEGIN')) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
};

export async function fetchCrl(url: string, timeoutMs = 10_000): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw signingErrors.revocationUnavailable(url, (err as Error).name === 'TimeoutError' ? 'quá thời gian chờ' : 'không kết nối được');
  }
  if (!res.ok) throw signingErrors.revocationUnavailable(url, `HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_BYTES) throw signingErrors.revocationUnavailable(url, 'tệp quá lớn');
  return pemToDer(body);
}

/** Checks `crl` (DER) is `issuer`'s, current at `at`, and does not list `cert`; throws the reason otherwise. */
export async function checkAgainstCrl(crlDer: Buffer, cert: X509Certificate, issuer: X509Certificate, url: string, at: Date): Promise<void> {
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(crlDer);
  } catch {
    throw signingErrors.revocationUnavailable(url, 'tệp CRL hỏng');
  }
  const issuerCert = pkijs.Certificate.fromBER(issuer.raw);
  if (!(await crl.verify({ issuerCertificate: issuerCert }).catch(() => false))) throw signingErrors.revocationUnavailable(url, 'CRL không do bên cấp chứng thư ký');
  if (crl.thisUpdate.value > at || (crl.nextUpdate && crl.nextUpdate.value < at)) throw signingErrors.revocationUnavailable(url, 'CRL đã hết hạn hoặc chưa có hiệu lực');
  const serial = pkijs.Certificate.fromBER(cert.raw).serialNumber;
  if ((crl.revokedCertificates ?? []).some((r) => r.userCertificate.isEqual(serial))) {
    throw signingErrors.certificateRevoked(/(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject);
  }
}

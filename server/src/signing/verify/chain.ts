import type { X509Certificate } from 'node:crypto';
import { nameField } from '../certificates.js';

/**
 * The certification path from a certificate up to one of the configured trust anchors (the
 * national root in production, the test root in tests), through the certificates the
 * signature carries. Every link's signature is checked, every certificate must be valid at
 * `at` (the timestamp's time when there is one), issuers must be CAs. Revocation is checked
 * apart, against the CRLs the file keeps (revocationCheck.ts).
 */
export interface ChainResult {
  trusted: boolean;
  /** Subjects' common names from the certificate up to the anchor (or as far as it went). */
  path: string[];
  /** Why not trusted, in Vietnamese; null when trusted. */
  problem: string | null;
}

const MAX_DEPTH = 8;
const cn = (c: X509Certificate) => nameField(c.subject, 'CN') ?? c.subject.replace(/\n/g, ', ');
const validAt = (c: X509Certificate, at: Date) => new Date(c.validFrom) <= at && at <= new Date(c.validTo);
const signedBy = (child: X509Certificate, issuer: X509Certificate) => {
  try { return !!child.checkIssued(issuer) && child.verify(issuer.publicKey); } catch { return false; }
};

/** `pathOut`, when given, receives the path's certificates (leaf first), for a revocation check. */
export function chainToAnchors(leaf: X509Certificate, pool: readonly X509Certificate[], anchors: readonly X509Certificate[], at: Date, pathOut?: X509Certificate[]): ChainResult {
  const path: X509Certificate[] = pathOut ?? [];
  path.splice(0, path.length, leaf);
  const done = (trusted: boolean, problem: string | null): ChainResult => ({ trusted, path: path.map(cn), problem });
  for (let current = leaf; path.length <= MAX_DEPTH;) {
    const expired = path.find((c) => !validAt(c, at));
    if (expired) return done(false, `chứng thư "${cn(expired)}" không còn hiệu lực tại ${at.toISOString()} (hiệu lực ${expired.validFrom} – ${expired.validTo})`);
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return done(true, null);
    const anchor = anchors.find((a) => signedBy(current, a));
    if (anchor) {
      path.push(anchor);
      if (!anchor.ca) return done(false, `gốc tin cậy "${cn(anchor)}" không phải chứng thư CA`);
      if (!validAt(anchor, at)) return done(false, `gốc tin cậy "${cn(anchor)}" không còn hiệu lực tại ${at.toISOString()}`);
      return done(true, null);
    }
    const issuer = pool.find((c) => c.fingerprint256 !== current.fingerprint256 && signedBy(current, c));
    if (!issuer) {
      const selfSigned = signedBy(current, current);
      return done(false, selfSigned
        ? `không chuỗi tới gốc tin cậy: chứng thư gốc "${cn(current)}" không có trong danh sách gốc tin cậy đã cấu hình`
        : `không chuỗi tới gốc tin cậy: bên cấp "${nameField(current.issuer, 'CN') ?? current.issuer}" không có trong danh sách gốc tin cậy đã cấu hình, chữ ký cũng không kèm chứng thư của bên cấp này`);
    }
    if (!issuer.ca) return done(false, `chứng thư cấp "${cn(issuer)}" không phải chứng thư CA`);
    path.push(issuer);
    current = issuer;
  }
  return done(false, 'chuỗi chứng thư quá dài');
}

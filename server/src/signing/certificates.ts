import { createHash, X509Certificate } from 'node:crypto';

/** Certificates as DER, read from PEM text holding one or more "BEGIN CERTIFICATE" blocks. */
export function certificatesFromPem(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

export const pemOf = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/** SHA-256 of a certificate's DER, hex (how the product names certificates). */
export const certificateFingerprint = (der: Buffer) => createHash('sha256').update(der).digest('hex');

/** One attribute of a distinguished name as node prints it ("CN=…\nO=…"), or null. */
export function nameField(name: string, field: string): string | null {
  for (const line of name.split('\n')) {
    const at = line.indexOf('=');
    if (line.slice(0, at) === field) return line.slice(at + 1);
  }
  return null;
}

/** Who a certificate names: its subject's common name and organisation. */
export function holderOf(cert: X509Certificate): { commonName: string | null; organisation: string | null } {
  return { commonName: nameField(cert.subject, 'CN'), organisation: nameField(cert.subject, 'O') };
}

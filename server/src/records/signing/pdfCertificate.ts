import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * A council's PDF-signing identity: an RSA-2048 key and a self-signed X.509 certificate whose
 * subject names the council (CN = its name, O = "Hội đồng nhân dân …", C = VN), packed as a
 * password-protected PKCS#12 for @signpdf/signer-p12. Pure functions (node-forge, node:crypto).
 */

export interface PdfCertificate {
  /** The certificate as PEM (public; registered in the database). */
  pem: string;
  /** SHA-256 of the certificate's DER, hex. */
  fingerprint: string;
}

const CERT_YEARS = 10;

/** "HĐND tỉnh Ninh Bình" → "Hội đồng nhân dân tỉnh Ninh Bình". */
export function organisationOf(councilName: string): string {
  const name = councilName.trim().replace(/^HĐND\s+/u, 'Hội đồng nhân dân ');
  return /^Hội đồng nhân dân/iu.test(name) ? name : `Hội đồng nhân dân ${name}`;
}

/** A UTF8String attribute (forge encodes the value to UTF-8 as it writes it; readers show UTF8String names, not BMPString ones). */
const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as number });

export const certificateFingerprint = (cert: forge.pki.Certificate) =>
  createHash('sha256').update(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')).digest('hex');

export const describeCertificate = (cert: forge.pki.Certificate): PdfCertificate => ({ pem: forge.pki.certificateToPem(cert), fingerprint: certificateFingerprint(cert) });

/**
 * forge keeps a parsed UTF8String as its raw UTF-8 bytes but encodes it again when it writes
 * the name (e.g. the issuer in a CMS signer info, which then no longer matches the
 * certificate): decode parsed names in place before using them.
 */
export function decodeParsedNames(cert: forge.pki.Certificate): forge.pki.Certificate {
  for (const attr of [...cert.subject.attributes, ...cert.issuer.attributes] as Array<{ value: unknown; valueTagClass?: number }>) {
    if (attr.valueTagClass === forge.asn1.Type.UTF8 && typeof attr.value === 'string') attr.value = Buffer.from(attr.value, 'binary').toString('utf8');
  }
  return cert;
}

/** The subject's common name of a certificate whose names are decoded. */
export const commonNameOf = (cert: forge.pki.Certificate): string | null => (cert.subject.getField('CN') as { value: string } | null)?.value ?? null;

/** A new identity for the council, valid from a minute ago for ten years; the PKCS#12 (DER) is encrypted with `password` (AES-256). */
export function createPdfIdentity(councilName: string, password: string, now = new Date()): { p12: Buffer; certificate: PdfCertificate } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime());
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + CERT_YEARS);
  const subject = [
    { shortName: 'CN', ...utf8(councilName) },
    { shortName: 'O', ...utf8(organisationOf(councilName)) },
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: 'aes256', friendlyName: councilName });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), certificate: describeCertificate(cert) };
}

/** The certificate inside a PKCS#12 (throws when the password is wrong or the file damaged). */
export function certificateOfP12(p12: Buffer, password: string): PdfCertificate {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, password);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) throw new Error('no certificate in the PKCS#12');
  return describeCertificate(cert);
}

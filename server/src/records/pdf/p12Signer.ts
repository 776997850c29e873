import forge from 'node-forge';
import { Signer } from '@signpdf/signpdf';
import { decodeParsedNames } from '../signing/pdfCertificate.js';

/**
 * @signpdf/signer-p12's P12Signer, with one fix: its CMS names the signer by the certificate's
 * issuer as forge re-encodes it, which for a Vietnamese (UTF8String) name is encoded twice and
 * no longer matches the certificate, so readers cannot find the signer ("Unknown Validation
 * Failure" in pdfsig). Same output otherwise: a detached PKCS#7 SignedData, SHA-256, with the
 * content-type, signing-time and message-digest attributes (in that order).
 *
 * DEVELOPMENT ONLY: the key is a file on the server's disk and the certificate self-signed, so
 * these signatures carry no legal weight; the verifier labels them so (server/src/signing).
 * Production seals from a PKCS#11 token (SIGNING_PKCS11_MODULE).
 */
export class CouncilP12Signer extends Signer {
  readonly #p12: Buffer;
  readonly #password: string;

  constructor(p12: Buffer, password: string) {
    super();
    this.#p12 = p12;
    this.#password = password;
  }

  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(this.#p12.toString('binary'))), false, this.#password);
    const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
    const certificate = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return key && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
    });
    if (!key || !certificate) throw new Error('the PKCS#12 holds no key with its certificate');
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    for (const c of certs) p7.addCertificate(decodeParsedNames(c));
    p7.addSigner({
      key, certificate, digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

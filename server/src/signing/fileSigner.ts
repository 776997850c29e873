import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { SignatureScheme, Signer } from './signer.js';
import { rsaPkcs1SignDigest, rsaPssSignDigest } from './rsaPrehash.js';
import { signingErrors } from './errors.js';

/**
 * DEVELOPMENT ONLY: the file signer, whose key sits in a password-protected PKCS#12 file on
 * the server's disk (the product's first PDF signatures were made this way). Whoever copies
 * the file and knows the password can sign as the council, so its signatures carry no legal
 * weight; `development` is true and the verifier reports "bộ ký tệp, chỉ dùng cho phát
 * triển". Production uses the PKCS#11 signer (an HSM or token). RSA keys only.
 */
export class FileSigner implements Signer {
  readonly chain: readonly Buffer[];
  readonly publicKey: KeyObject;
  readonly keyType = 'rsa' as const;
  readonly development = true;
  readonly description = 'Tệp PKCS#12 trên máy chủ (chỉ dùng cho phát triển) / PKCS#12 file (development only)';
  readonly #key: KeyObject;

  /** Reads the PKCS#12 (throws when the password is wrong or it holds no RSA key with its certificate). */
  constructor(p12: Buffer, password: string) {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, password);
    const keyBag = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]?.[0];
    const rsa = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!rsa) throw signingErrors.unsupportedKey('tệp PKCS#12 không có khóa RSA / no RSA key in the PKCS#12');
    this.#key = createPrivateKey(forge.pki.privateKeyToPem(rsa));
    const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
      .map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c)
      .map((c) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary'));
    const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    const own = spki(createPublicKey(this.#key));
    const mine = certs.find((der) => spki(new X509Certificate(der).publicKey).equals(own));
    if (!mine) throw signingErrors.keyNotFound('(tệp PKCS#12 không có chứng thư của khóa / no certificate for the key)');
    this.chain = [mine, ...certs.filter((c) => c !== mine)];
    this.publicKey = new X509Certificate(mine).publicKey;
  }

  async signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer> {
    return scheme.rsaPadding === 'pss' ? rsaPssSignDigest(this.#key, digest, scheme.hash) : rsaPkcs1SignDigest(this.#key, digest, scheme.hash);
  }

  async close(): Promise<void> {}
}

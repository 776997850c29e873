import { X509Certificate, type KeyObject } from 'node:crypto';
import type { SignatureScheme, Signer } from './signer.js';
import { Pkcs11Session } from './pkcs11Token.js';
import { Pkcs11Key } from './pkcs11Key.js';
import { signingErrors } from './errors.js';
import { certificatesFromPem } from './certificates.js';

/** Where the council's key is: the PKCS#11 library, the token, its PIN and the key's label. */
export interface Pkcs11SignerSettings {
  /** Path of the token's PKCS#11 library (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so). */
  module: string;
  /** The token's label. */
  tokenLabel: string;
  /** The user PIN: used to log in, never logged nor kept in errors. */
  pin: string;
  /** CKA_LABEL of the private key; its certificate on the token has the same label. */
  keyLabel: string;
  /**
   * The certificate chain as PEM, signer's certificate first. When absent, the certificate
   * object with the key's label is read from the token (and no issuers are embedded).
   */
  chainPem?: string;
}

/**
 * The PKCS#11 signer: the key never leaves the token (an HSM in production, SoftHSM2 in
 * tests); only digests go in and signatures come out. The certificate must hold the token's
 * public key, checked when the signer opens, so a wrong chain fails at start, not in a reader.
 */
export class Pkcs11Signer implements Signer {
  readonly chain: readonly Buffer[];
  readonly publicKey: KeyObject;
  readonly keyType: 'rsa' | 'ec';
  readonly development = false;
  readonly description: string;
  readonly #session: Pkcs11Session;
  readonly #key: Pkcs11Key;

  private constructor(session: Pkcs11Session, key: Pkcs11Key, chain: Buffer[], description: string) {
    this.#session = session;
    this.#key = key;
    this.chain = chain;
    this.publicKey = new X509Certificate(chain[0]!).publicKey;
    this.keyType = key.keyType;
    this.description = description;
  }

  static async open(settings: Pkcs11SignerSettings): Promise<Pkcs11Signer> {
    const session = await Pkcs11Session.open(settings.module, settings.tokenLabel, settings.pin);
    try {
      const key = Pkcs11Key.find(session, settings.keyLabel);
      const chain = settings.chainPem ? certificatesFromPem(settings.chainPem) : certificateOnToken(session, settings.keyLabel);
      if (chain.length === 0) throw signingErrors.keyNotFound(`(chứng thư của khóa "${settings.keyLabel}" / its certificate)`);
      const signer = new Pkcs11Signer(session, key, chain, `PKCS#11 token "${settings.tokenLabel}", khóa / key "${settings.keyLabel}"`);
      const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
      const onToken = key.publicKey();
      if (onToken && !spki(onToken).equals(spki(signer.publicKey))) {
        throw signingErrors.keyNotFound(`"${settings.keyLabel}": chứng thư không khớp khóa trên token / the certificate does not match the key`);
      }
      return signer;
    } catch (err) {
      await session.close();
      throw err;
    }
  }

  signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer> {
    return this.#key.signDigest(digest, scheme);
  }

  close(): Promise<void> {
    return this.#session.close();
  }
}

function certificateOnToken(session: Pkcs11Session, label: string): Buffer[] {
  const l = session.lib;
  const cert = session.find([{ type: l.CKA_CLASS, value: l.CKO_CERTIFICATE }, { type: l.CKA_LABEL, value: label }]);
  return cert ? [session.attribute(cert, l.CKA_VALUE)] : [];
}

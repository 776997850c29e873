import type { KeyObject } from 'node:crypto';
import { digestInfo, ecdsaRawToDer, hashLength, type HashName, type SignatureScheme } from './signer.js';
import type { Pkcs11Session } from './pkcs11Token.js';
import { signingErrors } from './errors.js';

/**
 * A private key on a PKCS#11 token, found by its label, that signs digests: RSA PKCS#1 v1.5
 * (CKM_RSA_PKCS over the DigestInfo), RSA-PSS (CKM_RSA_PKCS_PSS, MGF1 with the same hash,
 * salt the hash's length) or ECDSA (CKM_ECDSA, r ‖ s turned into DER). Usable before any
 * certificate exists, e.g. to sign the certification request sent to the CA.
 */
export class Pkcs11Key {
  readonly keyType: 'rsa' | 'ec';
  readonly #session: Pkcs11Session;
  readonly #handle: Buffer;
  readonly #public: Buffer | null;

  private constructor(session: Pkcs11Session, handle: Buffer, pub: Buffer | null, keyType: 'rsa' | 'ec') {
    this.#session = session;
    this.#handle = handle;
    this.#public = pub;
    this.keyType = keyType;
  }

  /** The private key labelled `label` on the session's token. */
  static find(session: Pkcs11Session, label: string): Pkcs11Key {
    const l = session.lib;
    const handle = session.find([{ type: l.CKA_CLASS, value: l.CKO_PRIVATE_KEY }, { type: l.CKA_LABEL, value: label }]);
    if (!handle) throw signingErrors.keyNotFound(`"${label}"`);
    const keyType = session.attribute(handle, l.CKA_KEY_TYPE).readUIntLE(0, 1) === l.CKK_EC ? 'ec' : 'rsa';
    const pub = session.find([{ type: l.CKA_CLASS, value: l.CKO_PUBLIC_KEY }, { type: l.CKA_LABEL, value: label }]);
    return new Pkcs11Key(session, handle, pub, keyType);
  }

  /** The matching public key object on the token, when the token keeps one. */
  publicKey(): KeyObject | null {
    return this.#public ? this.#session.publicKeyOf(this.#public, this.keyType) : null;
  }

  signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer> {
    const l = this.#session.lib;
    if (this.keyType === 'ec') return this.#session.sign(this.#handle, { mechanism: l.CKM_ECDSA }, digest, 132).then(ecdsaRawToDer);
    if (scheme.rsaPadding === 'pkcs1') return this.#session.sign(this.#handle, { mechanism: l.CKM_RSA_PKCS }, digestInfo(digest, scheme.hash), 1024);
    const [hashAlg, mgf] = pssParams(l, scheme.hash);
    const parameter = { type: l.CK_PARAMS_RSA_PSS, hashAlg, mgf, saltLen: hashLength[scheme.hash] };
    return this.#session.sign(this.#handle, { mechanism: l.CKM_RSA_PKCS_PSS, parameter }, digest, 1024);
  }
}

function pssParams(l: Pkcs11Session['lib'], hash: HashName): [number, number] {
  if (hash === 'SHA-384') return [l.CKM_SHA384, l.CKG_MGF1_SHA384];
  if (hash === 'SHA-512') return [l.CKM_SHA512, l.CKG_MGF1_SHA512];
  return [l.CKM_SHA256, l.CKG_MGF1_SHA256];
}

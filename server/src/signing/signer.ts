import type { KeyObject } from 'node:crypto';

/**
 * What signs a document's hash (ký số): a key somewhere — an HSM or USB token through
 * PKCS#11, a remote signing service, or (for development only) a PKCS#12 file — and the
 * certificate chain that names its holder. The hash is computed here; only the digest
 * travels to the key, as the tokens and the remote signing APIs (CSC signHash) expect.
 */
export interface Signer {
  /** The signer's certificate first, then its issuers up to (not necessarily including) the root, DER. */
  readonly chain: readonly Buffer[];
  /** The certificate's public key (which verifies what signDigest returns). */
  readonly publicKey: KeyObject;
  /** RSA or ECDSA (P-256 and up), from the key. */
  readonly keyType: 'rsa' | 'ec';
  /** A development-only signer (its signatures carry no legal weight); verification says so. */
  readonly development: boolean;
  /** Where the key lives, for logs and reports (never a PIN or password). */
  readonly description: string;
  /**
   * Signs an already computed digest. RSA: PKCS#1 v1.5 (over the DigestInfo) or PSS (MGF1
   * with the same hash, salt as long as the hash); EC: ECDSA, returned DER-encoded.
   */
  signDigest(digest: Buffer, scheme: SignatureScheme): Promise<Buffer>;
  /** Releases the session (idempotent). */
  close(): Promise<void>;
}

/** The hashes allowed for signatures (Circular 15/2025: SHA-256 or stronger). */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** How to sign: the hash, and for RSA keys the padding (tokens differ: some only do PKCS#1 v1.5). */
export interface SignatureScheme {
  hash: HashName;
  /** RSA only; ignored for EC keys. */
  rsaPadding: 'pkcs1' | 'pss';
}

/** node:crypto's name of a hash. */
export const nodeHash = (hash: HashName) => hash.replace('-', '').toLowerCase() as 'sha256' | 'sha384' | 'sha512';

/** Byte length of each hash (also the PSS salt length used here). */
export const hashLength: Record<HashName, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** Object identifiers of the hashes. */
export const hashOid: Record<HashName, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

export const hashOfOid = (oid: string): HashName | null =>
  (Object.entries(hashOid).find(([, o]) => o === oid)?.[0] as HashName | undefined) ?? null;

/** The DER prefix of a PKCS#1 v1.5 DigestInfo (RFC 8017 §9.2 note 1), to which the digest is appended. */
const DIGEST_INFO_PREFIX: Record<HashName, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

/** The DigestInfo that RSA PKCS#1 v1.5 signs. */
export function digestInfo(digest: Buffer, hash: HashName): Buffer {
  if (digest.length !== hashLength[hash]) throw new Error(`a ${hash} digest is ${hashLength[hash]} bytes, not ${digest.length}`);
  return Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]);
}

/**
 * An ECDSA signature as PKCS#11 returns it (r ‖ s, each the curve's size) in the DER
 * SEQUENCE { r INTEGER, s INTEGER } that CMS and X.509 carry.
 */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const integer = (bytes: Buffer) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    const body = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  const length = content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return Buffer.concat([Buffer.from([0x30]), length, content]);
}

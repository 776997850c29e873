import { constants, createHash, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { digestInfo, ecdsaRawToDer, hashLength, nodeHash, type HashName, type SignatureScheme } from '../signer.js';
import { mgf1 } from '../rsaPrehash.js';

/**
 * A signature that came over the network is checked before it goes into a PDF: a service
 * that signed with another key, another padding or another hash would otherwise yield a
 * document whose signature every reader rejects, found out only later. RSA signatures are
 * verified against the certificate's key (PKCS#1 v1.5 and PSS over the digest, RFC 8017).
 * ECDSA ones are only put in DER form: CSC does not fix the encoding (most services send
 * DER, some r ‖ s as PKCS#11 does), and node:crypto cannot verify ECDSA over a bare digest.
 */

/** Bytes of r and of s for each curve this product accepts. */
export const EC_FIELD_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };

/** The signature ready for CMS, or why it is not acceptable. */
export function acceptSignature(signature: Buffer, digest: Buffer, scheme: SignatureScheme, publicKey: KeyObject): { ok: Buffer } | { problem: string } {
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (publicKey.asymmetricKeyType === 'ec') {
    if (isDerEcdsa(signature)) return { ok: signature };
    const field = EC_FIELD_BYTES[details.namedCurve ?? ''] ?? 0;
    if (signature.length === 2 * field) return { ok: ecdsaRawToDer(signature) };
    return { problem: `chữ ký ECDSA ${signature.length} byte, không phải DER hay r‖s / not an ECDSA signature` };
  }
  const modBits = details.modulusLength ?? 0;
  if (signature.length !== Math.ceil(modBits / 8)) return { problem: `chữ ký RSA ${signature.length} byte cho khóa ${modBits} bit / wrong RSA signature length` };
  const verified = scheme.rsaPadding === 'pss' ? pssVerifies(signature, digest, scheme.hash, publicKey, modBits) : pkcs1Verifies(signature, digest, scheme.hash, publicKey);
  return verified ? { ok: signature } : { problem: 'chữ ký không khớp khóa công khai của chứng thư / the signature does not verify with the certificate' };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } with nothing after it. */
function isDerEcdsa(sig: Buffer): boolean {
  let i = 0;
  if (sig[i++] !== 0x30) return false;
  const first = sig[i++];
  const length = first === 0x81 ? sig[i++] : first;
  if (first === undefined || first > 0x81 || length === undefined || i + length !== sig.length) return false;
  for (let n = 0; n < 2; n++) {
    if (sig[i++] !== 0x02) return false;
    const l = sig[i++];
    if (!l || l >= 0x80 || i + l > sig.length) return false;
    i += l;
  }
  return i === sig.length;
}

function pkcs1Verifies(sig: Buffer, digest: Buffer, hash: HashName, key: KeyObject): boolean {
  try {
    const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig);
    const expected = digestInfo(digest, hash);
    return recovered.length === expected.length && timingSafeEqual(recovered, expected);
  } catch {
    return false;
  }
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2): MGF1 with the same hash, salt as long as the hash. */
function pssVerifies(sig: Buffer, digest: Buffer, hash: HashName, key: KeyObject, modBits: number): boolean {
  const hLen = hashLength[hash];
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  let em: Buffer;
  try {
    em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, sig);
  } catch {
    return false;
  }
  if (em.length > emLen) {
    if (em[0] !== 0) return false;
    em = em.subarray(em.length - emLen);
  }
  if (digest.length !== hLen || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const zeros = emLen - 2 * hLen - 2;
  if (zeros < 0 || db.subarray(0, zeros).some((b) => b !== 0) || db[zeros] !== 1) return false;
  const salt = db.subarray(zeros + 1);
  const expected = createHash(nodeHash(hash)).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(expected, h);
}

import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { digestInfo, hashLength, nodeHash, type HashName } from './signer.js';

/**
 * RSA signatures over an already computed digest with a key held in memory, which
 * node:crypto's sign() cannot do (it always hashes): PKCS#1 v1.5 is the private-key
 * operation over the DigestInfo with block type 1; PSS is EMSA-PSS (RFC 8017 §9.1.1, MGF1
 * with the same hash, salt the hash's length) followed by the raw RSA operation.
 */

export function rsaPkcs1SignDigest(key: KeyObject, digest: Buffer, hash: HashName): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(digest, hash));
}

/** MGF1 (RFC 8017 B.2.1) with `hash`. */
export function mgf1(seed: Buffer, length: number, hash: HashName): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * hashLength[hash] < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(nodeHash(hash)).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

export function rsaPssSignDigest(key: KeyObject, digest: Buffer, hash: HashName): Buffer {
  const hLen = hashLength[hash];
  if (digest.length !== hLen) throw new Error(`a ${hash} digest is ${hLen} bytes`);
  const modBits = key.asymmetricKeyDetails?.modulusLength;
  if (!modBits) throw new Error('not an RSA key');
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(nodeHash(hash)).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(h, emLen - hLen - 1, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const modLen = Math.ceil(modBits / 8);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(modLen - emLen), em]));
}

import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type * as Pkcs11 from 'pkcs11js';
import type { Pkcs11Session } from './pkcs11Token.js';

/**
 * Ed25519 key pairs on a PKCS#11 token (PKCS#11 3.0: CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN,
 * CKM_EDDSA; SoftHSM2 ≥ 2.6): generated inside the token, the private key sensitive and not
 * extractable; the signatures are pure Ed25519 (RFC 8032), so node:crypto verifies them as it
 * verifies a file key's. pkcs11js 2.1 has no names for these 3.0 constants: the values are the standard's.
 */
const CKK_EC_EDWARDS = 0x40;
const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
const CKM_EDDSA = 0x1057;
/** CKA_EC_PARAMS: the DER of Ed25519's OID (RFC 8410, 1.3.101.112). */
const ED25519_OID_DER = Buffer.from('06032b6570', 'hex');
/** The SPKI DER of an Ed25519 public key, before its 32 bytes. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Ed25519OnToken {
  /** CKA_ID shared by the two halves. */
  id: Buffer;
  publicKey: KeyObject;
  /** The private key's object handle on this session. */
  handle: Buffer;
}

function findAll(p11: Pkcs11.PKCS11, session: Buffer, template: Pkcs11.Template): Buffer[] {
  p11.C_FindObjectsInit(session, template);
  try {
    return p11.C_FindObjects(session, 64);
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

const value = (p11: Pkcs11.PKCS11, session: Buffer, handle: Buffer, type: number) => p11.C_GetAttributeValue(session, handle, [{ type }])[0]!.value as Buffer;

/** CKA_EC_POINT holds the 32 key bytes, as a DER OCTET STRING (04 20 …) or bare. */
function publicKeyOf(point: Buffer): KeyObject {
  const raw = point.length === 34 && point[0] === 0x04 && point[1] === 0x20 ? point.subarray(2) : point;
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Every Ed25519 pair labelled `label` whose private half is on the token (normally one). */
export function ed25519Pairs(session: Pkcs11Session, label: string): Promise<Ed25519OnToken[]> {
  const l = session.lib;
  return session.run((p11, s) => {
    const kind = (cls: number) => [{ type: l.CKA_CLASS, value: cls }, { type: l.CKA_KEY_TYPE, value: CKK_EC_EDWARDS }, { type: l.CKA_LABEL, value: label }];
    return findAll(p11, s, kind(l.CKO_PUBLIC_KEY)).flatMap((pub) => {
      const id = value(p11, s, pub, l.CKA_ID);
      const [handle] = findAll(p11, s, [...kind(l.CKO_PRIVATE_KEY), { type: l.CKA_ID, value: id }]);
      return handle ? [{ id, publicKey: publicKeyOf(value(p11, s, pub, l.CKA_EC_POINT)), handle }] : [];
    });
  });
}

/** Generates a pair labelled `label` with a random CKA_ID; the private key never leaves the token. */
export function generateEd25519(session: Pkcs11Session, label: string): Promise<Ed25519OnToken> {
  const l = session.lib;
  const id = randomBytes(16);
  const common = [{ type: l.CKA_TOKEN, value: true }, { type: l.CKA_LABEL, value: label }, { type: l.CKA_ID, value: id }];
  const pub = [...common, { type: l.CKA_VERIFY, value: true }, { type: l.CKA_EC_PARAMS, value: ED25519_OID_DER }];
  const priv = [...common, { type: l.CKA_PRIVATE, value: true }, { type: l.CKA_SIGN, value: true }, { type: l.CKA_SENSITIVE, value: true }, { type: l.CKA_EXTRACTABLE, value: false }];
  return session.run((p11, s) => {
    const keys = p11.C_GenerateKeyPair(s, { mechanism: CKM_EC_EDWARDS_KEY_PAIR_GEN }, pub, priv);
    return { id, publicKey: publicKeyOf(value(p11, s, keys.publicKey, l.CKA_EC_POINT)), handle: keys.privateKey };
  });
}

/** Removes both halves of a pair made here that lost a race to be registered (never a registered one). */
export function destroyEd25519(session: Pkcs11Session, label: string, pair: Ed25519OnToken): Promise<void> {
  const l = session.lib;
  return session.run((p11, s) => {
    for (const h of findAll(p11, s, [{ type: l.CKA_LABEL, value: label }, { type: l.CKA_ID, value: pair.id }])) p11.C_DestroyObject(s, h);
  });
}

/** A pure Ed25519 signature (64 bytes) of `data` by the private key on the token. */
export function signEd25519(session: Pkcs11Session, pair: Ed25519OnToken, data: Buffer): Promise<Buffer> {
  return session.sign(pair.handle, { mechanism: CKM_EDDSA }, data, 64);
}

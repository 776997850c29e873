import { randomBytes } from 'node:crypto';
import type * as Pkcs11 from 'pkcs11js';
import { Pkcs11Session } from './pkcs11Token.js';
import type { TokenSettings } from './settings.js';

/**
 * Small secrets kept outside the database: encrypted (AES-256-GCM, a random 96-bit IV, a
 * 128-bit tag, `aad` bound in) by an AES key inside the token, sensitive and not
 * extractable, labelled `label` and made on first use when absent. Only the token turns the
 * stored value back into the secret. Each call opens its own logged-in session and closes it.
 */
export interface WrappedSecret {
  /** The wrapping key's CKA_LABEL and CKA_ID (hex; empty when the key, made beforehand, has none). */
  label: string;
  keyId: string;
  iv: string;
  /** Ciphertext ‖ tag, base64. */
  data: string;
}

/** One look-up-or-generate of a wrapping key at a time per label in this process (signing/ imports no platform code). */
const creating = new Map<string, Promise<unknown>>();
function oneAtATime<T>(label: string, task: () => Promise<T>): Promise<T> {
  const next = (creating.get(label) ?? Promise.resolve()).then(task, task);
  const tail = next.catch(() => undefined);
  creating.set(label, tail);
  void tail.then(() => { if (creating.get(label) === tail) creating.delete(label); });
  return next;
}

function gcm(l: Pkcs11Session['lib'], iv: Buffer, aad: Buffer): Pkcs11.Mechanism {
  const parameter: Pkcs11.AesGCM = { type: l.CK_PARAMS_AES_GCM, iv, aad, ivBits: 96, tagBits: 128 };
  return { mechanism: l.CKM_AES_GCM, parameter };
}

async function withSession<T>(token: TokenSettings, work: (session: Pkcs11Session) => Promise<T>): Promise<T> {
  const session = await Pkcs11Session.open(token.module, token.tokenLabel, token.pin);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

const secretKey = (l: Pkcs11Session['lib'], label: string, keyId: string) =>
  [{ type: l.CKA_CLASS, value: l.CKO_SECRET_KEY }, { type: l.CKA_LABEL, value: label }, ...(keyId ? [{ type: l.CKA_ID, value: Buffer.from(keyId, 'hex') }] : [])];

/** The wrapping key: found by label, else generated inside the token (one generation at a time per process). */
function wrappingKey(session: Pkcs11Session, label: string): Promise<{ handle: Buffer; keyId: string }> {
  const l = session.lib;
  return oneAtATime(label, () => session.run((p11, s) => {
    const found = session.find(secretKey(l, label, ''));
    if (found) return { handle: found, keyId: session.attribute(found, l.CKA_ID).toString('hex') };
    const id = randomBytes(16);
    const handle = p11.C_GenerateKey(s, { mechanism: l.CKM_AES_KEY_GEN }, [
      ...secretKey(l, label, id.toString('hex')), { type: l.CKA_KEY_TYPE, value: l.CKK_AES }, { type: l.CKA_VALUE_LEN, value: 32 },
      { type: l.CKA_TOKEN, value: true }, { type: l.CKA_PRIVATE, value: true }, { type: l.CKA_SENSITIVE, value: true },
      { type: l.CKA_EXTRACTABLE, value: false }, { type: l.CKA_ENCRYPT, value: true }, { type: l.CKA_DECRYPT, value: true },
    ]);
    return { handle, keyId: id.toString('hex') };
  }));
}

export function wrapSecret(token: TokenSettings, label: string, secret: Buffer, aad: Buffer): Promise<WrappedSecret> {
  return withSession(token, async (session) => {
    const { handle, keyId } = await wrappingKey(session, label);
    const iv = randomBytes(12);
    const data = await session.run((p11, s) => {
      p11.C_EncryptInit(s, gcm(session.lib, iv, aad), handle);
      return Buffer.from(p11.C_Encrypt(s, secret, Buffer.alloc(secret.length + 16)));
    });
    return { label, keyId, iv: iv.toString('base64'), data: data.toString('base64') };
  });
}

/** The secret back, or an error when the key is not on this token or `aad` or the data differ. */
export function unwrapSecret(token: TokenSettings, wrapped: WrappedSecret, aad: Buffer): Promise<Buffer> {
  return withSession(token, (session) => session.run((p11, s) => {
    const l = session.lib;
    const handle = session.find(secretKey(l, wrapped.label, wrapped.keyId));
    if (!handle) throw new Error(`no key "${wrapped.label}" (${wrapped.keyId || 'no CKA_ID'}) on the token`);
    const data = Buffer.from(wrapped.data, 'base64');
    p11.C_DecryptInit(s, gcm(l, Buffer.from(wrapped.iv, 'base64'), aad), handle);
    return Buffer.from(p11.C_Decrypt(s, data, Buffer.alloc(data.length)));
  }));
}

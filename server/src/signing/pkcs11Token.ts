import { createPublicKey, type KeyObject } from 'node:crypto';
import type * as Pkcs11 from 'pkcs11js';
import { signingErrors } from './errors.js';

/**
 * A logged-in session on a PKCS#11 token (an HSM, a USB token, SoftHSM2 in tests), through
 * pkcs11js (PeculiarVentures' thin binding: the whole Cryptoki API, nothing hidden). The
 * native module is loaded on first use only, so a server that signs with a file never needs
 * it. Keys made here are generated inside the token, sensitive and not extractable.
 */

type Lib = typeof Pkcs11;
type Handle = Buffer;

/** One loaded library per module path: Cryptoki is initialised once per process. */
const loaded = new Map<string, { p11: Pkcs11.PKCS11; sessions: number }>();

async function library(): Promise<Lib> {
  const mod = await import('pkcs11js');
  return ((mod as { default?: Lib }).default ?? mod) as Lib;
}

export class Pkcs11Session {
  readonly #lib: Lib;
  readonly #p11: Pkcs11.PKCS11;
  readonly #session: Handle;
  readonly #module: string;
  #open = true;
  /** Cryptoki operations on one session run one at a time (C_SignInit then C_Sign). */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(lib: Lib, p11: Pkcs11.PKCS11, session: Handle, module: string) {
    this.#lib = lib;
    this.#p11 = p11;
    this.#session = session;
    this.#module = module;
  }

  /** Opens a session on the token labelled `tokenLabel` and logs in as its user. The PIN is used, never kept or reported. */
  static async open(module: string, tokenLabel: string, pin: string): Promise<Pkcs11Session> {
    const lib = await library().catch((err: unknown) => { throw signingErrors.tokenUnavailable(`(pkcs11js chưa được cài / not built)`, err); });
    let entry = loaded.get(module);
    if (!entry) {
      const p11 = new lib.PKCS11();
      try {
        p11.load(module);
        p11.C_Initialize();
      } catch (err) {
        throw signingErrors.tokenUnavailable(`(thư viện / module ${module})`, err);
      }
      entry = { p11, sessions: 0 };
      loaded.set(module, entry);
    }
    const p11 = entry.p11;
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === tokenLabel);
    if (!slot) throw signingErrors.tokenUnavailable(`"${tokenLabel}" (không có token mang nhãn này / no token with this label)`);
    const session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
    try {
      p11.C_Login(session, lib.CKU_USER, pin);
    } catch (err) {
      if ((err as { code?: number }).code !== lib.CKR_USER_ALREADY_LOGGED_IN) {
        p11.C_CloseSession(session);
        throw signingErrors.tokenUnavailable(`"${tokenLabel}" (đăng nhập không thành công / login failed)`, new Error((err as Error).message.replace(pin, '***')));
      }
    }
    entry.sessions++;
    return new Pkcs11Session(lib, p11, session, module);
  }

  get lib(): Lib { return this.#lib; }

  /** The first object matching `template`, or null. */
  find(template: Pkcs11.Template): Handle | null {
    this.#p11.C_FindObjectsInit(this.#session, template);
    try {
      return this.#p11.C_FindObjects(this.#session);
    } finally {
      this.#p11.C_FindObjectsFinal(this.#session);
    }
  }

  attribute(handle: Handle, type: number): Buffer {
    const [attr] = this.#p11.C_GetAttributeValue(this.#session, handle, [{ type }]);
    return attr?.value as Buffer;
  }

  /** Signs `data` with the key `key` and mechanism, one operation at a time. */
  sign(key: Handle, mechanism: Pkcs11.Mechanism, data: Buffer, maxLength: number): Promise<Buffer> {
    const run = async () => {
      this.#p11.C_SignInit(this.#session, mechanism, key);
      return Buffer.from(await this.#p11.C_SignAsync(this.#session, data, Buffer.alloc(maxLength)));
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Any other Cryptoki work on this session (pkcs11Secret.ts, pkcs11Ed25519.ts), queued like sign. */
  run<T>(work: (p11: Pkcs11.PKCS11, session: Handle) => T | Promise<T>): Promise<T> {
    const run = () => work(this.#p11, this.#session);
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Generates a key pair inside the token (private part sensitive, never extractable),
   * labelled `label`; returns the public key. RSA `bits` ≥ 2048, or EC on P-256.
   */
  generateKeyPair(label: string, id: Buffer, spec: { type: 'rsa'; bits: number } | { type: 'ec' }): KeyObject {
    const l = this.#lib;
    const common = [{ type: l.CKA_TOKEN, value: true }, { type: l.CKA_LABEL, value: label }, { type: l.CKA_ID, value: id }];
    const priv = [...common, { type: l.CKA_PRIVATE, value: true }, { type: l.CKA_SIGN, value: true }, { type: l.CKA_SENSITIVE, value: true }, { type: l.CKA_EXTRACTABLE, value: false }];
    const pub = spec.type === 'rsa'
      ? [...common, { type: l.CKA_VERIFY, value: true }, { type: l.CKA_MODULUS_BITS, value: spec.bits }, { type: l.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) }]
      : [...common, { type: l.CKA_VERIFY, value: true }, { type: l.CKA_EC_PARAMS, value: Buffer.from(P256_OID_DER, 'hex') }];
    const mechanism = { mechanism: spec.type === 'rsa' ? l.CKM_RSA_PKCS_KEY_PAIR_GEN : l.CKM_EC_KEY_PAIR_GEN };
    const keys = this.#p11.C_GenerateKeyPair(this.#session, mechanism, pub, priv);
    return this.publicKeyOf(keys.publicKey, spec.type);
  }

  /** A public key object on the token as a node:crypto key. */
  publicKeyOf(handle: Handle, type: 'rsa' | 'ec'): KeyObject {
    const l = this.#lib;
    if (type === 'rsa') {
      const n = this.attribute(handle, l.CKA_MODULUS).toString('base64url');
      const e = this.attribute(handle, l.CKA_PUBLIC_EXPONENT).toString('base64url');
      return createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
    }
    if (this.attribute(handle, l.CKA_EC_PARAMS).toString('hex') !== P256_OID_DER) throw signingErrors.unsupportedKey('đường cong EC khác P-256 / not P-256');
    // CKA_EC_POINT is the DER OCTET STRING around the uncompressed point 04 ‖ x ‖ y.
    const der = this.attribute(handle, l.CKA_EC_POINT);
    const point = der[0] === 0x04 && der[1] === der.length - 2 ? der.subarray(2) : der;
    const x = point.subarray(1, 33).toString('base64url');
    const y = point.subarray(33, 65).toString('base64url');
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  }

  /** Logs out and closes the session; the library stays loaded for the process's other sessions. Idempotent. */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.#queue;
    const entry = loaded.get(this.#module);
    try { this.#p11.C_CloseSession(this.#session); } catch { /* already gone with the token */ }
    if (entry && --entry.sessions === 0) {
      loaded.delete(this.#module);
      try { this.#p11.C_Finalize(); this.#p11.close(); } catch { /* finalised already */ }
    }
  }
}

/** DER of the OID of the P-256 curve (prime256v1), as CKA_EC_PARAMS holds it. */
const P256_OID_DER = '06082a8648ce3d030107';

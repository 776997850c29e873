import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SignatureRecord, type SignatureKey, type SignaturePayload } from '../../../../contract/records.js';
import { canonicalJson } from '../../audit/hash.js';

/**
 * Signature files (`….sig.json`): an Ed25519 signature over the canonical JSON of a payload
 * that names the signed file by SHA-256 and carries the public key, so a file and its
 * signature verify anywhere, with no database. Pure functions: the CLI uses them offline.
 */

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The public key as carried in a signature: base64 SPKI DER and its SHA-256 fingerprint. */
export function describeKey(publicKey: KeyObject): SignatureKey {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { algorithm: 'Ed25519', publicKey: der.toString('base64'), fingerprint: sha256Hex(der) };
}

const signedBytes = (payload: SignaturePayload) => Buffer.from(canonicalJson(payload), 'utf8');

/** What makes an Ed25519 signature: the council's key on the token or from its file (signingKeys.ts). */
export interface RecordSigner { sign(bytes: Buffer): Promise<Buffer> }

/** A signer with a private key in memory (the development file key, tests). */
export const keyObjectSigner = (privateKey: KeyObject): RecordSigner => ({ sign: async (bytes) => sign(null, bytes, privateKey) });

export async function signPayload(payload: SignaturePayload, signer: RecordSigner): Promise<SignatureRecord> {
  return { format: 'hdnd-signature/1', payload, signature: (await signer.sign(signedBytes(payload))).toString('base64') };
}

/** The signature file as written: pretty JSON, UTF-8, a final newline. */
export const signatureFileBytes = (record: SignatureRecord) => Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');

export type SignatureCheck =
  | { ok: true; record: SignatureRecord }
  | { ok: false; problem: string; record: SignatureRecord | null };

/**
 * Reads a signature file and checks that its signature matches its payload under the key it
 * carries, and that the key's fingerprint is that key's. Says nothing about the signed file
 * (see checkSignedFile) nor about whose key it is (compare the fingerprint).
 */
export function checkSignatureFile(bytes: Uint8Array): SignatureCheck {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, problem: 'không đọc được tệp chữ ký (JSON hỏng) / the signature file is not valid JSON', record: null };
  }
  const parsed = SignatureRecord.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'tệp chữ ký sai cấu trúc / the signature file is malformed', record: null };
  const record = parsed.data;
  try {
    const der = Buffer.from(record.payload.key.publicKey, 'base64');
    if (sha256Hex(der) !== record.payload.key.fingerprint) {
      return { ok: false, problem: 'dấu vân tay khóa không khớp khóa công khai / the key fingerprint does not match the public key', record };
    }
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return { ok: false, problem: 'khóa không phải Ed25519 / not an Ed25519 key', record };
    if (!verify(null, signedBytes(record.payload), key, Buffer.from(record.signature, 'base64'))) {
      return { ok: false, problem: 'chữ ký không hợp lệ: tệp chữ ký đã bị sửa / the signature does not match: the signature file was altered', record };
    }
  } catch {
    return { ok: false, problem: 'không kiểm tra được chữ ký / the signature cannot be checked', record };
  }
  return { ok: true, record };
}

/** Whether `file` is exactly the file the (already checked) signature names. */
export function fileMatches(record: SignatureRecord, file: Uint8Array): string | null {
  if (file.length !== record.payload.file.bytes || sha256Hex(file) !== record.payload.file.sha256) {
    return 'nội dung tệp đã bị thay đổi sau khi ký (SHA-256 không khớp) / the file was altered after signing (SHA-256 differs)';
  }
  return null;
}

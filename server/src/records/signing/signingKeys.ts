import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Deps } from '../../app/deps.js';
import { KeyedQueue } from '../../platform/shared/keyedQueue.js';
import { tokenOf } from '../../signing/settings.js';
import { describeKey, keyObjectSigner } from './signature.js';
import { registerCouncilKey, registeredKey, type CouncilKey } from './councilKeyRecord.js';
import { tokenCouncilKey } from './tokenRecordKey.js';
import { recordErrors } from '../errors.js';

export type { CouncilKey };

const queue = new KeyedQueue();
const isCode = (err: unknown, code: string) => (err as { code?: string }).code === code;

export const keyFileOf = (dir: string, councilId: string) => join(resolve(dir), `${councilId}.ed25519.pem`);

async function readKeyFile(path: string): Promise<KeyObject | null> {
  try {
    return createPrivateKey(await readFile(path, 'utf8'));
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    throw recordErrors.keyUnreadable(path);
  }
}

/** Writes a new key file, never over an existing one (another process may have won: read that). */
async function createKeyFile(dir: string, path: string): Promise<KeyObject> {
  await mkdir(resolve(dir), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600); // whatever the umask
    return privateKey;
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
    return (await readKeyFile(path))!;
  }
}

/**
 * The council's key, created on first use. With a PKCS#11 token (SIGNING_PKCS11_MODULE) it is
 * on the token (tokenRecordKey.ts). Otherwise an Ed25519 pair, the private key written to
 * SIGNING_KEY_DIR (mode 0600), the public key and the council's name registered in the
 * database. A registered key whose file is gone or differs is refused, never silently
 * replaced: minutes signed with it must stay attributable (restore the file from backup).
 */
export function councilKey(deps: Deps, council: { _id: unknown; name: string }): Promise<CouncilKey> {
  const councilId = String(council._id);
  return queue.run(councilId, async () => {
    const token = tokenOf(deps.config);
    if (token) return tokenCouncilKey(deps, council, token);
    const path = keyFileOf(deps.config.SIGNING_KEY_DIR, councilId);
    const registered = await registeredKey(deps, councilId);
    let privateKey = await readKeyFile(path);
    if (!privateKey) {
      if (registered) throw recordErrors.keyMissing(path, registered.fingerprint);
      privateKey = await createKeyFile(deps.config.SIGNING_KEY_DIR, path);
    }
    const key = describeKey(createPublicKey(privateKey));
    const standing = registered ? registered.fingerprint : await registerCouncilKey(deps, council, key);
    if (standing !== key.fingerprint) throw recordErrors.keyMismatch(path, standing);
    return { privateKey, key, ...keyObjectSigner(privateKey) };
  });
}

/** The council a key fingerprint is registered to here, if any. */
export async function keyOwner(deps: Deps, fingerprint: string | null): Promise<{ councilId: string; name: string } | null> {
  if (!fingerprint) return null;
  const k = await deps.models.SigningKey.findOne({ fingerprint }).lean();
  return k ? { councilId: k._id, name: k.councilName } : null;
}

/** The PDF certificate fingerprint registered with the Ed25519 key of this fingerprint, if any. */
export async function registeredPdfCertificate(deps: Deps, fingerprint: string | null): Promise<string | null> {
  if (!fingerprint) return null;
  const k = await deps.models.SigningKey.findOne({ fingerprint }, { pdfCertificate: 1 }).lean();
  return k?.pdfCertificate?.fingerprint ?? null;
}

import type { KeyObject } from 'node:crypto';
import type { SignatureKey } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import type { RecordSigner } from './signature.js';

/**
 * A council's Ed25519 record key, wherever its private half is (signingKeys.ts: a file in
 * SIGNING_KEY_DIR; tokenRecordKey.ts: a PKCS#11 token): the public half as registered, and a
 * signer. `privateKey` is the file's key (the development PDF identity derives from it), null
 * when the key is on a token and never leaves it.
 */
export interface CouncilKey extends RecordSigner {
  key: SignatureKey;
  privateKey: KeyObject | null;
}

/** The council's registered key, if any (the first registration stands). */
export const registeredKey = (deps: Deps, councilId: string) => deps.models.SigningKey.findById(councilId).lean();

/**
 * Registers `key` as the council's, unless another process registered one first: returns the
 * fingerprint that stands (ours, or the winner's).
 */
export async function registerCouncilKey(deps: Deps, council: { _id: unknown; name: string }, key: SignatureKey): Promise<string> {
  const councilId = String(council._id);
  try {
    await deps.models.SigningKey.create({ _id: councilId, councilName: council.name, algorithm: 'Ed25519', publicKey: key.publicKey, fingerprint: key.fingerprint, createdAt: new Date() });
    return key.fingerprint;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return (await registeredKey(deps, councilId))?.fingerprint ?? '?';
  }
}

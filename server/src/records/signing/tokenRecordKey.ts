import type { Deps } from '../../app/deps.js';
import { AppError } from '../../platform/errors.js';
import { SigningError } from '../../signing/errors.js';
import { Pkcs11Session } from '../../signing/pkcs11Token.js';
import { destroyEd25519, ed25519Pairs, generateEd25519, signEd25519, type Ed25519OnToken } from '../../signing/pkcs11Ed25519.js';
import type { TokenSettings } from '../../signing/settings.js';
import { recordErrors } from '../errors.js';
import { describeKey } from './signature.js';
import { registerCouncilKey, registeredKey, type CouncilKey } from './councilKeyRecord.js';

/**
 * The council's record key on the PKCS#11 token (SIGNING_PKCS11_MODULE set): an Ed25519 pair
 * labelled SIGNING_PKCS11_RECORD_KEY_LABEL, generated inside the token on first use, the
 * private key never leaving it; the public key registered as a file key's is, so signature
 * files and records:verify do not change. A registered key the token does not hold is refused
 * (as a missing key file is), never replaced.
 */

/** The token down or the PIN wrong: 503 with the token's own words (never the PIN). */
const asAppError = (err: unknown) => (err instanceof SigningError ? new AppError('not_ready', err.message) : err);

async function onToken<T>(token: TokenSettings, work: (session: Pkcs11Session) => Promise<T>): Promise<T> {
  const session = await Pkcs11Session.open(token.module, token.tokenLabel, token.pin).catch((err: unknown) => { throw asAppError(err); });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

const fingerprintOf = (pair: Ed25519OnToken) => describeKey(pair.publicKey).fingerprint;

async function pairWith(session: Pkcs11Session, label: string, fingerprint: string): Promise<Ed25519OnToken> {
  const pair = (await ed25519Pairs(session, label)).find((p) => fingerprintOf(p) === fingerprint);
  if (!pair) throw recordErrors.tokenKeyMissing(label, fingerprint);
  return pair;
}

/** The council's key on the token, found or made and registered; call one council at a time (signingKeys.ts queues). */
export async function tokenCouncilKey(deps: Deps, council: { _id: unknown; name: string }, token: TokenSettings): Promise<CouncilKey> {
  const councilId = String(council._id);
  const label = deps.config.SIGNING_PKCS11_RECORD_KEY_LABEL.replaceAll('{councilId}', councilId);
  const { publicKey } = await onToken(token, async (session) => {
    const registered = await registeredKey(deps, councilId);
    if (registered) return pairWith(session, label, registered.fingerprint);
    // Not registered yet: a pair left by an attempt that did not reach the database is taken up, else one is made.
    const left = (await ed25519Pairs(session, label))[0];
    const pair = left ?? await generateEd25519(session, label);
    const standing = await registerCouncilKey(deps, council, describeKey(pair.publicKey));
    if (standing === fingerprintOf(pair)) return pair;
    if (!left) await destroyEd25519(session, label, pair); // another process registered its own first
    return pairWith(session, label, standing);
  });
  const key = describeKey(publicKey);
  const sign = (bytes: Buffer) => onToken(token, async (session) => signEd25519(session, await pairWith(session, label, key.fingerprint), bytes));
  return { key, privateKey: null, sign: (bytes) => sign(bytes).catch((err: unknown) => { throw asAppError(err); }) };
}

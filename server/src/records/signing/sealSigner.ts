import { Pkcs11Signer } from '../../signing/pkcs11Signer.js';
import { openCscSigner } from '../../signing/remote/cscSigner.js';
import { cscErrors } from '../../signing/remote/cscErrors.js';
import type { SealSettings } from '../../signing/settings.js';
import type { Signer } from '../../signing/signer.js';

/**
 * The seal's signer: the token, or the remote service's credential. A seal signs unattended:
 * a credential that wants a one-time code (OTP) needs a person, and cannot be the seal.
 */
export async function openSealSigner(key: SealSettings['key']): Promise<Signer> {
  if (key.kind === 'pkcs11') return Pkcs11Signer.open(key.pkcs11);
  const { pin, ...service } = key.csc;
  const signer = await openCscSigner({ ...service, authorize: async () => (pin ? { pin } : {}) });
  // Found when the credential is opened, before anything is prepared for signing.
  if (signer.asks.otp) throw cscErrors.sealNeedsOtp(key.csc.credentialId);
  if (signer.asks.pin && !pin) throw cscErrors.sealPinMissing(key.csc.credentialId);
  return signer;
}

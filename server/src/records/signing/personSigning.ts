import { X509Certificate } from 'node:crypto';
import type { PersonSigningView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { AppError, errors } from '../../platform/errors.js';
import { SigningError } from '../../signing/errors.js';
import { CscClient } from '../../signing/remote/cscClient.js';
import { CscSigningError } from '../../signing/remote/cscErrors.js';
import { openCscSigner, type RemoteSigner } from '../../signing/remote/cscSigner.js';
import { personSettingsOf, type PersonSigningSettings } from '../../signing/settings.js';

/**
 * The chair's (or secretary's) own signature on the minutes, with their certificate at the
 * remote signing service (SIGNING_PERSON_CSC_*), before the council's seal. The PIN and OTP
 * they type go to the service for one signature and nowhere else.
 */

async function settingsFor(deps: Deps, userId: string): Promise<PersonSigningSettings | null> {
  const user = await deps.models.User.findById(userId, { login: 1 }).lean<{ login: string }>();
  if (!user) throw errors.notFound('người dùng');
  return personSettingsOf(deps.config, user.login);
}

/** A wrong PIN or OTP belongs to its box on the screen (400); the service's other failures are 503 with the reason. */
export function asPersonError(err: unknown): unknown {
  if (err instanceof CscSigningError && (err.reason === 'wrong_pin' || err.reason === 'wrong_otp')) {
    return new AppError('validation_failed', err.message, { issues: [{ path: err.reason === 'wrong_pin' ? 'pin' : 'otp', message: err.message }] });
  }
  return err instanceof SigningError ? new AppError('not_ready', err.message) : err;
}

const missing = (path: 'pin' | 'otp') => {
  const message = path === 'pin' ? 'Hãy nhập mã PIN của chứng thư ký số. / Enter your signing PIN.' : 'Hãy nhập mã OTP. / Enter the one-time password.';
  return new AppError('validation_failed', message, { issues: [{ path, message }] });
};

/** What the signing dialog shows the user: null when person signing is not configured. */
export async function personSigningView(deps: Deps, userId: string): Promise<PersonSigningView | null> {
  const settings = await settingsFor(deps, userId);
  if (!settings) return null;
  try {
    const signer = await openCscSigner({ ...settings, authorize: async () => ({}) });
    const cert = new X509Certificate(signer.chain[0]!);
    const commonName = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject;
    return { credentialId: settings.credentialId, asks: signer.asks, certificate: { commonName, notAfter: new Date(cert.validTo).toISOString() }, problem: null };
  } catch (err) {
    const shown = asPersonError(err);
    if (!(shown instanceof AppError)) throw err;
    return { credentialId: settings.credentialId, asks: { pin: false, otp: false, otpOnline: false }, certificate: null, problem: shown.message };
  }
}

/** Asks the service to send the user's OTP (SMS or app) before they type it. */
export async function sendPersonOtp(deps: Deps, userId: string): Promise<void> {
  const settings = await settingsFor(deps, userId);
  if (!settings) throw new AppError('conflict', 'Máy chủ chưa cấu hình ký số cá nhân (SIGNING_PERSON_CSC_URL). / Personal signing is not configured.');
  await new CscClient({ baseUrl: settings.baseUrl, accessToken: settings.accessToken }).sendOtp(settings.credentialId).catch((err: unknown) => { throw asPersonError(err); });
}

/** The user's signer for one signature with the PIN/OTP they typed; null when person signing is not configured. */
export async function openPersonSigner(deps: Deps, userId: string, secrets: { pin?: string; otp?: string }): Promise<RemoteSigner | null> {
  const settings = await settingsFor(deps, userId);
  if (!settings) return null;
  const signer = await openCscSigner({
    ...settings, otpSent: true,
    authorize: async (prompt) => {
      if (prompt.pin && !secrets.pin) throw missing('pin');
      if (prompt.otp && !secrets.otp) throw missing('otp');
      return secrets;
    },
  }).catch((err: unknown) => { throw asPersonError(err); });
  return signer;
}

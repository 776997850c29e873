import { X509Certificate } from 'node:crypto';
import type { PersonSigningView } from '../../../../contract/records.js';
import type { Deps } from '../../app/deps.js';
import { AppError, errors } from '../../platform/errors.js';
import { SigningError } from '../../signing/errors.js';
import { CscClient } from '../../signing/remote/cscClient.js';
import { CscSigningError } from '../../signing/remote/cscErrors.js';
import { openCscSigner, type CscSignerSettings, type RemoteSigner } from '../../signing/remote/cscSigner.js';
import { openSmartcaSigner } from '../../signing/remote/smartcaSigner.js';
import { personSettingsOf, type PersonSigningSettings } from '../../signing/settings.js';

/**
 * The chair's (or secretary's) own signature on the minutes, with their certificate at the
 * remote signing service, before the council's seal: a CSC v1 service (SIGNING_PERSON_CSC_*),
 * where they may type a PIN and an OTP, which go to the service for one signature and nowhere
 * else; or VNPT SmartCA's own API (SIGNING_PERSON_SMARTCA_*), where they approve each
 * signature in the VNPT SmartCA phone app and type nothing.
 */

const SMARTCA_APP = 'VNPT SmartCA';

async function settingsFor(deps: Deps, userId: string): Promise<PersonSigningSettings | null> {
  const user = await deps.models.User.findById(userId, { login: 1, signingCredentialId: 1 }).lean<{ login: string; signingCredentialId?: string | null }>();
  if (!user) throw errors.notFound('người dùng');
  return personSettingsOf(deps.config, user.login, user.signingCredentialId);
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

const idOf = (settings: PersonSigningSettings) => (settings.kind === 'csc' ? settings.credentialId : settings.userId);

/**
 * The user's signer at their service; `authorize` answers a CSC credential's PIN/OTP prompt
 * (SmartCA asks on the phone, showing `description`, or the signer's generic one).
 */
function openSigner(settings: PersonSigningSettings, authorize: CscSignerSettings['authorize'], otpSent = false, description?: string): Promise<RemoteSigner> {
  if (settings.kind === 'smartca') {
    return openSmartcaSigner({ baseUrl: settings.baseUrl, spId: settings.spId, spPassword: settings.spPassword, userId: settings.userId, ...(description ? { description } : {}) });
  }
  return openCscSigner({ baseUrl: settings.baseUrl, accessToken: settings.accessToken, credentialId: settings.credentialId, authorize, otpSent });
}

/** What the signing dialog shows the user: null when person signing is not configured. */
export async function personSigningView(deps: Deps, userId: string): Promise<PersonSigningView | null> {
  const settings = await settingsFor(deps, userId);
  if (!settings) return null;
  const app = settings.kind === 'smartca' ? SMARTCA_APP : null;
  try {
    const signer = await openSigner(settings, async () => ({}));
    const cert = new X509Certificate(signer.chain[0]!);
    const commonName = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject;
    const approval = signer.asks.pin || signer.asks.otp ? 'typed' : 'phone';
    return { credentialId: idOf(settings), asks: signer.asks, approval, app, certificate: { commonName, notAfter: new Date(cert.validTo).toISOString() }, problem: null };
  } catch (err) {
    const shown = asPersonError(err);
    if (!(shown instanceof AppError)) throw err;
    const approval = settings.kind === 'smartca' ? 'phone' : 'typed';
    return { credentialId: idOf(settings), asks: { pin: false, otp: false, otpOnline: false }, approval, app, certificate: null, problem: shown.message };
  }
}

/** Asks the service to send the user's OTP (SMS or app) before they type it; SmartCA has none to send. */
export async function sendPersonOtp(deps: Deps, userId: string): Promise<void> {
  const settings = await settingsFor(deps, userId);
  if (!settings) throw new AppError('conflict', 'Máy chủ chưa cấu hình ký số cá nhân (SIGNING_PERSON_CSC_URL hoặc SIGNING_PERSON_SMARTCA_URL). / Personal signing is not configured.');
  if (settings.kind === 'smartca') {
    throw new AppError('conflict', 'Ký bằng VNPT SmartCA không dùng mã OTP: sau khi bấm Ký, hãy mở ứng dụng VNPT SmartCA trên điện thoại và xác nhận giao dịch ký. / VNPT SmartCA sends no OTP: approve the transaction in the VNPT SmartCA app.');
  }
  await new CscClient({ baseUrl: settings.baseUrl, accessToken: settings.accessToken }).sendOtp(settings.credentialId).catch((err: unknown) => { throw asPersonError(err); });
}

/**
 * The user's signer for one signature with the PIN/OTP they typed (none for SmartCA, whose app
 * shows `description` for the transaction); null when person signing is not configured.
 */
export async function openPersonSigner(deps: Deps, userId: string, secrets: { pin?: string; otp?: string }, description?: string): Promise<RemoteSigner | null> {
  const settings = await settingsFor(deps, userId);
  if (!settings) return null;
  return openSigner(settings, async (prompt) => {
    if (prompt.pin && !secrets.pin) throw missing('pin');
    if (prompt.otp && !secrets.otp) throw missing('otp');
    return secrets;
  }, true, description).catch((err: unknown) => { throw asPersonError(err); });
}

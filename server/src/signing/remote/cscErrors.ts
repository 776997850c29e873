import { SigningError, type SigningErrorCode } from '../errors.js';

/**
 * Why a remote signing service (CSC API: Viettel MySign, VNPT SmartCA) did not sign, in words
 * a secretary understands, Vietnamese first. The codes are the existing SigningError codes
 * (an unreachable service is a `token_unavailable`, as an unplugged USB token is, so the
 * records domain answers 503); `reason` says which remote failure it was. No message ever
 * carries the PIN, the OTP, the SAD or the access token: text that comes from the service is
 * scrubbed of them first (a careless service may echo what it was sent).
 */
export type CscFailure =
  | 'unreachable' | 'timeout' | 'wrong_pin' | 'wrong_otp' | 'token_rejected'
  | 'credential_not_found' | 'refused' | 'bad_reply' | 'unsupported';

export class CscSigningError extends SigningError {
  readonly reason: CscFailure;

  constructor(code: SigningErrorCode, reason: CscFailure, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.reason = reason;
  }
}

const NOT_SIGNED = 'văn bản chưa được ký';

export const cscErrors = {
  unreachable: (host: string, cause: unknown) => new CscSigningError('token_unavailable', 'unreachable',
    `Không kết nối được dịch vụ ký số từ xa (${host}); ${NOT_SIGNED}, hãy thử lại sau / the remote signing service is unreachable; nothing was signed`, { cause }),
  timeout: (host: string, ms: number) => new CscSigningError('token_unavailable', 'timeout',
    `Dịch vụ ký số từ xa (${host}) không trả lời trong ${Math.ceil(ms / 1000)} giây; ${NOT_SIGNED}, hãy thử lại sau / the remote signing service did not answer in time; nothing was signed`),
  wrongPin: (host: string) => new CscSigningError('token_unavailable', 'wrong_pin',
    `Mã PIN ký số không đúng (dịch vụ ${host} từ chối); ${NOT_SIGNED}, hãy nhập lại mã PIN / the signing PIN was refused; nothing was signed`),
  wrongOtp: (host: string) => new CscSigningError('token_unavailable', 'wrong_otp',
    `Mã OTP không đúng hoặc đã hết hạn (dịch vụ ${host} từ chối); ${NOT_SIGNED}, hãy lấy mã OTP mới / the one-time password was refused; nothing was signed`),
  tokenRejected: (host: string) => new CscSigningError('token_unavailable', 'token_rejected',
    `Dịch vụ ký số từ xa (${host}) không chấp nhận khóa truy cập (access token) của máy chủ; ${NOT_SIGNED}, hãy báo quản trị viên / the service rejected the access token`),
  credentialNotFound: (host: string, detail: string) => new CscSigningError('key_not_found', 'credential_not_found',
    `Không tìm thấy chứng thư ký số trên dịch vụ ${host} (${detail}); ${NOT_SIGNED} / no such signing credential: ${detail}`),
  refused: (host: string, what: string, detail: string) => new CscSigningError('token_unavailable', 'refused',
    `Dịch vụ ký số từ xa (${host}) từ chối yêu cầu ${what}: ${detail}; ${NOT_SIGNED} / the remote signing service refused: ${detail}`),
  declined: (host: string) => new CscSigningError('token_unavailable', 'refused',
    `Người ký đã từ chối yêu cầu ký trên điện thoại (dịch vụ ${host}); ${NOT_SIGNED} / the signer declined the request on their phone; nothing was signed`),
  badReply: (host: string, what: string, detail: string) => new CscSigningError('token_unavailable', 'bad_reply',
    `Dịch vụ ký số từ xa (${host}) trả lời không hợp lệ cho yêu cầu ${what} (${detail}); ${NOT_SIGNED} / the remote signing service gave an invalid answer: ${detail}`),
  /** The seal signs unattended: a credential that wants an OTP needs a person at the phone. */
  sealNeedsOtp: (credentialId: string) => new CscSigningError('unsupported_key', 'unsupported',
    `Chứng thư con dấu "${credentialId}" trên dịch vụ ký số từ xa đòi mã OTP, mà con dấu ký tự động không có người nhập; ${NOT_SIGNED}, hãy dùng chứng thư con dấu xác thực bằng PIN hoặc tự động / the seal's remote credential asks for an OTP, which an unattended seal cannot give`),
  sealPinMissing: (credentialId: string) => new CscSigningError('unsupported_key', 'unsupported',
    `Chứng thư con dấu "${credentialId}" đòi mã PIN nhưng máy chủ chưa được cấu hình SIGNING_CSC_PIN; ${NOT_SIGNED}, hãy báo quản trị viên / the seal's remote credential asks for a PIN and SIGNING_CSC_PIN is not set`),
  unsupported: (host: string, detail: string) => new CscSigningError('unsupported_key', 'unsupported',
    `Chứng thư trên dịch vụ ${host} không dùng được: ${detail} (cần RSA ≥ 2048 bit hoặc ECDSA ≥ 256 bit, xác thực bằng PIN/OTP) / unusable remote credential: ${detail}`),
};

/** `text` with every secret replaced by "***", and cut short (a service's error text is not a log dump). */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

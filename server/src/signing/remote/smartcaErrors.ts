import { SigningError, type SigningErrorCode } from '../errors.js';

/**
 * Why VNPT SmartCA (its own API, "SmartCA 769") did not sign, in words a secretary
 * understands, Vietnamese first, as cscErrors.ts says it for CSC services. The codes are the
 * existing SigningError codes (an unreachable service is a `token_unavailable`, so the records
 * domain answers 503); `reason` says which failure it was. No message carries sp_password:
 * text from the service is scrubbed of it first (cscErrors.scrub).
 */
export type SmartcaFailure =
  | 'unreachable' | 'timeout' | 'sp_rejected' | 'user_not_found' | 'certificate_unusable'
  | 'declined' | 'expired' | 'refused' | 'bad_reply' | 'wrong_hash' | 'unsupported';

export class SmartcaSigningError extends SigningError {
  readonly reason: SmartcaFailure;

  constructor(code: SigningErrorCode, reason: SmartcaFailure, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.reason = reason;
  }
}

const NOT_SIGNED = 'văn bản chưa được ký';
const SERVICE = (host: string) => `dịch vụ VNPT SmartCA (${host})`;

export const smartcaErrors = {
  unreachable: (host: string, cause: unknown) => new SmartcaSigningError('token_unavailable', 'unreachable',
    `Không kết nối được ${SERVICE(host)}; ${NOT_SIGNED}, hãy thử lại sau / VNPT SmartCA is unreachable; nothing was signed`, { cause }),
  timeout: (host: string, ms: number) => new SmartcaSigningError('token_unavailable', 'timeout',
    `${cap(SERVICE(host))} không trả lời trong ${Math.ceil(ms / 1000)} giây; ${NOT_SIGNED}, hãy thử lại sau / VNPT SmartCA did not answer in time; nothing was signed`),
  spRejected: (host: string) => new SmartcaSigningError('token_unavailable', 'sp_rejected',
    `${cap(SERVICE(host))} không chấp nhận tài khoản tích hợp của máy chủ (sp_id/sp_password); ${NOT_SIGNED}, hãy báo quản trị viên / VNPT SmartCA rejected the integrator account (sp_id/sp_password)`),
  userNotFound: (host: string, userId: string) => new SmartcaSigningError('key_not_found', 'user_not_found',
    `Không tìm thấy chứng thư ký số của người dùng "${userId}" trên ${SERVICE(host)}; ${NOT_SIGNED} / no SmartCA certificate for user "${userId}"`),
  certificateUnusable: (host: string, userId: string, detail: string) => new SmartcaSigningError('key_not_found', 'certificate_unusable',
    `Chứng thư ký số của người dùng "${userId}" trên ${SERVICE(host)} không dùng được: ${detail}; ${NOT_SIGNED} / the SmartCA certificate of "${userId}" cannot be used: ${detail}`),
  declined: (host: string) => new SmartcaSigningError('token_unavailable', 'declined',
    `Người ký đã từ chối giao dịch ký trên ứng dụng VNPT SmartCA (${host}); ${NOT_SIGNED} / the signer declined the transaction in the VNPT SmartCA app; nothing was signed`),
  expired: (host: string, ms: number) => new SmartcaSigningError('token_unavailable', 'expired',
    `Người ký chưa xác nhận giao dịch trên ứng dụng VNPT SmartCA (${host}) trong ${Math.ceil(ms / 1000)} giây, giao dịch đã hết hạn; ${NOT_SIGNED}, hãy ký lại / the signer did not approve the transaction in time; nothing was signed`),
  refused: (host: string, what: string, detail: string) => new SmartcaSigningError('token_unavailable', 'refused',
    `${cap(SERVICE(host))} từ chối yêu cầu ${what}: ${detail}; ${NOT_SIGNED} / VNPT SmartCA refused: ${detail}`),
  badReply: (host: string, what: string, detail: string) => new SmartcaSigningError('token_unavailable', 'bad_reply',
    `${cap(SERVICE(host))} trả lời không hợp lệ cho yêu cầu ${what} (${detail}); ${NOT_SIGNED} / VNPT SmartCA gave an invalid answer: ${detail}`),
  /** The signature that came back is not the certificate's key over the hash we sent (another hash, another key). */
  wrongHash: (host: string, detail: string) => new SmartcaSigningError('token_unavailable', 'wrong_hash',
    `Chữ ký ${SERVICE(host)} trả về không khớp với giá trị băm đã gửi và chứng thư của người ký (${detail}); ${NOT_SIGNED} / the signature returned does not verify against the certificate for the hash sent`),
  unsupported: (host: string, detail: string) => new SmartcaSigningError('unsupported_key', 'unsupported',
    `Không ký được qua ${SERVICE(host)}: ${detail} / cannot sign through VNPT SmartCA: ${detail}`),
};

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Why a document could not be signed, in words a secretary understands (Vietnamese first,
 * then English for the logs). A stable `code` lets the domain map it to its own error (the
 * records domain answers 503 for an unreachable token or timestamp authority). Messages never
 * carry a PIN, a password or key material.
 */
export type SigningErrorCode =
  | 'tsa_unavailable'
  | 'tsa_refused'
  | 'tsa_bad_reply'
  | 'token_unavailable'
  | 'key_not_found'
  | 'signature_too_large'
  | 'unsupported_key'
  | 'revocation_unavailable'
  | 'certificate_revoked';

export class SigningError extends Error {
  readonly code: SigningErrorCode;

  constructor(code: SigningErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningError';
    this.code = code;
  }
}

export const signingErrors = {
  tsaUnavailable: (url: string, cause: unknown) => new SigningError('tsa_unavailable',
    `Không kết nối được máy chủ cấp dấu thời gian (${url}); văn bản chưa được ký, hãy thử lại sau / the timestamp authority is unreachable; nothing was signed`, { cause }),
  tsaRefused: (url: string, detail: string) => new SigningError('tsa_refused',
    `Máy chủ cấp dấu thời gian (${url}) từ chối yêu cầu: ${detail}; văn bản chưa được ký / the timestamp authority refused: ${detail}`),
  tsaBadReply: (url: string, detail: string) => new SigningError('tsa_bad_reply',
    `Dấu thời gian nhận từ ${url} không hợp lệ (${detail}); văn bản chưa được ký / the timestamp reply is invalid: ${detail}`),
  tokenUnavailable: (what: string, cause?: unknown) => new SigningError('token_unavailable',
    `Không mở được thiết bị ký số (HSM/token) ${what}; kiểm tra thiết bị, nhãn token và mã PIN / cannot open the signing token ${what}`, { cause }),
  keyNotFound: (what: string) => new SigningError('key_not_found',
    `Không tìm thấy khóa ký ${what} trên thiết bị ký số / no signing key ${what} on the token`),
  signatureTooLarge: (bytes: number, room: number) => new SigningError('signature_too_large',
    `Chữ ký (${bytes} byte) lớn hơn chỗ dành sẵn trong PDF (${room} byte) / the signature does not fit its placeholder`),
  revocationUnavailable: (url: string, detail: string) => new SigningError('revocation_unavailable',
    `Không lấy được danh sách chứng thư bị thu hồi (CRL) tại ${url}: ${detail}; văn bản chưa được ký / the revocation list is unavailable: ${detail}`),
  certificateRevoked: (who: string) => new SigningError('certificate_revoked',
    `Chứng thư số "${who}" đã bị thu hồi; không ký bằng chứng thư này / the certificate "${who}" is revoked`),
  unsupportedKey: (detail: string) => new SigningError('unsupported_key',
    `Khóa ký không được hỗ trợ: ${detail} (cần RSA ≥ 2048 bit hoặc ECDSA ≥ 256 bit) / unsupported signing key: ${detail}`),
};

import type { ErrorBody, ErrorCode, FieldIssue } from '../../contract/errors.js';
import { httpStatusOf } from '../../contract/errors.js';
import type { ZodError } from 'zod';

/**
 * An error meant for the user: a stable code and a message a secretary understands.
 * Anything else thrown is logged and becomes `internal_error`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, extra: { issues?: FieldIssue[]; retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.status = httpStatusOf[code];
    this.issues = extra.issues;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    return {
      ok: false,
      error: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** The error factory: one place for every user-facing error and its wording. */
export const errors = {
  validation: (err: ZodError) =>
    new AppError('validation_failed', 'Dữ liệu gửi lên không hợp lệ. / The request is not valid.', { issues: zodIssues(err) }),
  unauthenticated: () => new AppError('unauthenticated', 'Vui lòng đăng nhập. / Please sign in.'),
  sessionExpired: () =>
    new AppError('session_expired', 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại. / Your session has expired; please sign in again.'),
  forbidden: (what = 'thao tác này') =>
    new AppError('forbidden', `Bạn không có quyền thực hiện ${what}. / You are not allowed to do this.`),
  notFound: (what: string) => new AppError('not_found', `Không tìm thấy ${what}. / Not found.`),
  conflict: (message: string) => new AppError('conflict', message),
  /** A well-formed value that does not fit the data (an unknown unit type, a missing parent…). */
  invalidField: (path: string, message: string) =>
    new AppError('validation_failed', `Dữ liệu không hợp lệ ở trường "${path}": ${message}`, { issues: [{ path, message }] }),
  duplicate: (what: string) => new AppError('conflict', `${what} đã tồn tại. / It already exists.`),
  /** A delegate import whose writes failed: everything it wrote has been removed again. */
  importFailed: (line: number) =>
    new AppError('conflict', `Nhập danh sách thất bại khi ghi dòng ${line}; không có thay đổi nào được lưu, vui lòng thử lại. / The import failed while writing line ${line}; nothing was saved, please try again.`),
  csvUnreadable: (reason: string) =>
    new AppError('validation_failed', `Không đọc được tệp CSV: ${reason} / The CSV file could not be read.`),
  invalidCredentials: () =>
    new AppError('invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng. / Wrong login or password.'),
  tooManyAttempts: (retryAfterSeconds: number) => {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return new AppError(
      'too_many_attempts',
      `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút. / Too many failed sign-ins; try again in ${minutes} minute(s).`,
      { retryAfterSeconds },
    );
  },
  payloadTooLarge: (limit: string) => new AppError('payload_too_large', `Dữ liệu quá lớn (tối đa ${limit}). / Payload too large (max ${limit}).`),
  notReady: (what: string) => new AppError('not_ready', `Hệ thống chưa sẵn sàng: ${what}. / Not ready: ${what}.`),
};

export const internalErrorBody: ErrorBody = {
  ok: false,
  error: 'internal_error',
  message: 'Đã có lỗi ở máy chủ; bộ phận kỹ thuật đã được ghi nhận. / Something went wrong on the server; it has been logged.',
};

import type { ErrorBody, ErrorCode, FieldIssue } from '../../../contract/errors.js';
import { httpStatusOf } from '../../../contract/errors.js';
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

/** Why an uploaded file is not accepted as a document: `issues[0].message` is a stable hint for clients. */
export type BadDocumentReason = 'not_pdf' | 'empty' | 'encrypted' | 'damaged' | 'no_pages';

function badDocument(reason: BadDocumentReason, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path: 'file', message: reason }] });
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
  documentNotPdf: () => badDocument('not_pdf',
    'Tệp này không phải là PDF (nội dung không bắt đầu bằng "%PDF-"), dù tên tệp có thể là .pdf. Hãy xuất tài liệu ra PDF rồi tải lên lại. / This file is not a PDF (its content does not start with "%PDF-"), whatever its name. Export the document as PDF and upload it again.'),
  documentEmpty: () => badDocument('empty',
    'Tệp rỗng (0 byte): không có nội dung để tải lên. Hãy kiểm tra lại tệp. / The file is empty (0 bytes); check the file.'),
  documentEncrypted: () => badDocument('encrypted',
    'Tệp PDF được đặt mật khẩu hoặc mã hóa, đại biểu sẽ không mở được. Hãy gỡ mật khẩu (lưu lại bản không mã hóa) rồi tải lên lại. / The PDF is password-protected or encrypted, so delegates could not open it. Save a copy without a password and upload that.'),
  documentDamaged: () => badDocument('damaged',
    'Tệp PDF bị hỏng hoặc chưa tải đủ (có thể bị cắt ngang khi sao chép). Hãy mở thử trên máy, xuất lại PDF rồi tải lên lại. / The PDF is damaged or incomplete (perhaps cut short while copying). Open it on your computer, export it again and upload it.'),
  /** The inspection isolate gave no answer: it ran out of time (`seconds`) or of memory, or crashed. */
  documentUnreadable: (seconds: number | null) => badDocument('damaged', seconds === null
    ? 'Không đọc được tệp PDF này: tệp làm trình đọc quá tải, có thể bị hỏng hoặc có cấu trúc bất thường. Hãy mở thử trên máy, xuất lại PDF rồi tải lên lại. / This PDF could not be read: it overloaded the reader and may be damaged or malformed. Open it on your computer, export it again and upload it.'
    : `Không đọc xong tệp PDF này trong ${seconds} giây: tệp có thể bị hỏng hoặc có cấu trúc bất thường. Hãy mở thử trên máy, xuất lại PDF rồi tải lên lại. / This PDF could not be read within ${seconds} seconds: it may be damaged or malformed. Open it on your computer, export it again and upload it.`),
  documentNoPages: () => badDocument('no_pages',
    'Tệp PDF không có trang nào. / The PDF has no pages.'),
  documentWrongType: () => new AppError('validation_failed',
    'Hãy gửi nội dung tệp PDF (Content-Type: application/pdf). / Send the PDF itself (Content-Type: application/pdf).'),
  documentTooLarge: (limit: string) => new AppError('payload_too_large',
    `Tệp quá lớn: tối đa ${limit} cho mỗi tài liệu. Hãy nén hoặc tách tài liệu rồi tải lên lại. / The file is too large: at most ${limit} per document.`),
  documentNoDownload: () => new AppError('forbidden',
    'Tài liệu mật chỉ được đọc trong trình xem tài liệu, không được tải về. / A confidential document can only be read in the viewer, not downloaded.'),
  documentAlreadySuperseded: () => new AppError('conflict',
    'Tài liệu này đã có phiên bản mới hơn; hãy tải lại danh sách và cập nhật từ phiên bản mới nhất. / This document already has a newer version; reload and revise the latest one.'),
  /** A page number past the end of the document. */
  pageOutOfRange: (pages: number) => new AppError('validation_failed',
    `Trang này không có trong tài liệu (tài liệu có ${pages} trang). / The document has no such page (it has ${pages}).`,
    { issues: [{ path: 'page', message: `at most ${pages}` }] }),
  highlightWithoutArea: () => new AppError('validation_failed',
    'Đánh dấu cần có vùng trên trang (rect). / A highlight needs an area of the page (rect).',
    { issues: [{ path: 'rect', message: 'required for a highlight' }] }),
  /** Góp ý is for drafts only: a submission or a report is not amended by comments. */
  commentsOnlyOnDrafts: (kind: { vi: string; en: string }) => new AppError('conflict',
    `Chỉ góp ý được vào dự thảo nghị quyết; tài liệu này là ${kind.vi}. / Comments can only be made on a draft resolution; this document is ${kind.en}.`),
  notInSitting: () => new AppError('forbidden',
    'Hãy vào phiên họp trước (sitting:join). / Join the sitting first (sitting:join).'),
  documentNotInSitting: () => new AppError('validation_failed',
    'Tài liệu này không thuộc kỳ họp của phiên họp. / This document is not in the sitting\'s session.',
    { issues: [{ path: 'documentId', message: 'not a document of the sitting\'s session' }] }),
  notReady: (what: string) => new AppError('not_ready', `Hệ thống chưa sẵn sàng: ${what}. / Not ready: ${what}.`),
};

export const internalErrorBody: ErrorBody = {
  ok: false,
  error: 'internal_error',
  message: 'Đã có lỗi ở máy chủ; bộ phận kỹ thuật đã được ghi nhận. / Something went wrong on the server; it has been logged.',
};

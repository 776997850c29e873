import { AppError, errors } from '../platform/errors.js';

/** The errors of minutes and records, worded for a secretary ("vi / en"). */
export const recordErrors = {
  keyMissing: (path: string, fingerprint: string) => new AppError('not_ready',
    `Không tìm thấy tệp khóa ký của hội đồng (${path}); khóa đã đăng ký có dấu vân tay ${fingerprint.slice(0, 16)}…. Hãy khôi phục tệp khóa từ bản sao lưu, không tạo khóa mới. / The council's signing key file is missing (${path}); restore it from the backup rather than creating a new key.`),
  keyMismatch: (path: string, fingerprint: string) => new AppError('not_ready',
    `Tệp khóa ký ${path} không khớp khóa đã đăng ký của hội đồng (dấu vân tay ${fingerprint.slice(0, 16)}…). Hãy khôi phục đúng tệp khóa. / The signing key file does not match the council's registered key.`),
  pdfKeyMissing: (path: string, fingerprint: string) => new AppError('not_ready',
    `Không tìm thấy tệp chứng thư ký PDF của hội đồng (${path}); chứng thư đã đăng ký có dấu vân tay ${fingerprint.slice(0, 16)}…. Hãy khôi phục tệp từ bản sao lưu. / The council's PDF-signing file is missing (${path}); restore it from the backup.`),
  pdfKeyMismatch: (path: string, fingerprint: string) => new AppError('not_ready',
    `Tệp chứng thư ký PDF ${path} không khớp chứng thư đã đăng ký của hội đồng (dấu vân tay ${fingerprint.slice(0, 16)}…) hoặc không mở được. / The PDF-signing file does not match the council's registered certificate, or cannot be opened.`),
  tokenKeyMissing: (label: string, fingerprint: string) => new AppError('not_ready',
    `Thiết bị ký số (HSM) không có khóa ký hồ sơ "${label}" đã đăng ký của hội đồng (dấu vân tay ${fingerprint.slice(0, 16)}…). Hãy cắm đúng thiết bị hoặc khôi phục khóa vào thiết bị từ bản sao lưu, không tạo khóa mới. / The token does not hold the council's registered record key "${label}"; use the right token or restore the key to it rather than creating a new key.`),
  keyUnreadable: (path: string) => new AppError('not_ready',
    `Không đọc được tệp khóa ký ${path}. / The signing key file cannot be read.`),
  noMinutes: () => new AppError('not_found',
    'Chưa có dự thảo biên bản cho phiên họp này; hãy bấm "Tạo dự thảo". / There is no draft of the minutes yet; generate one first.'),
  alreadySigned: () => errors.conflict(
    'Biên bản đã được ký, không thể sửa hoặc tạo lại. / The minutes are signed and can no longer be changed.'),
  staleRevision: (current: number) => errors.conflict(
    `Biên bản vừa được người khác sửa (bản số ${current}); hãy tải lại và sửa trên bản mới nhất. / Someone edited the minutes meanwhile (revision ${current}); reload and edit the latest one.`),
  signOtherRevision: (current: number) => errors.conflict(
    `Bản đang xem không phải bản mới nhất (bản số ${current}); hãy tải lại rồi ký. / You are not looking at the latest revision (${current}); reload before signing.`),
  sittingNotClosed: () => errors.conflict(
    'Chỉ ký biên bản sau khi phiên họp đã bế mạc. / The minutes can be signed only after the sitting has closed.'),
  notSigned: () => new AppError('not_found',
    'Biên bản của phiên họp này chưa được ký. / The minutes of this sitting are not signed yet.'),
  roundNotClosed: () => errors.conflict(
    'Vòng biểu quyết này chưa kết thúc, chưa có biên bản kiểm phiếu. / This round is not closed yet: there is no tally record.'),
  notPublished: () => errors.forbidden('xem biên bản kiểm phiếu trước khi kết quả được công bố'),
  verifyWrongType: () => new AppError('validation_failed',
    'Hãy gửi tệp biên bản PDF (application/pdf), tệp chữ ký (.sig.json, application/json) hoặc gói lưu trữ (.zip, application/zip). / Send a minutes PDF, a signature file or an archive bundle.'),
  verifyEmpty: () => new AppError('validation_failed', 'Tệp rỗng. / The file is empty.'),
};

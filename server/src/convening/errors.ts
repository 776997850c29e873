import { AppError } from '../platform/errors.js';

/** The errors of convening, worded for a secretary ("vi / en"). */
export const conveningErrors = {
  notGenerated: () => new AppError('not_found',
    'Chưa tạo giấy mời cho kỳ họp này; hãy bấm "Tạo giấy mời" trước. / The invitations of this session have not been generated yet.'),
  cancelled: () => new AppError('conflict',
    'Kỳ họp này đã bị hủy, không thể triệu tập. / This session has been cancelled; it cannot be convened.'),
  invitationNotFound: () => new AppError('not_found', 'Không tìm thấy giấy mời. / Invitation not found.'),
  noAddress: () =>
    'Tài khoản chưa có địa chỉ e-mail nên chưa gửi thư; giấy mời vẫn hiển thị khi đại biểu đăng nhập. / The account has no e-mail address; the invitation is shown in the product only.',
  mailNotConfigured: () =>
    'Chưa cấu hình gửi e-mail (SMTP_HOST, MAIL_FROM) nên chưa gửi thư; giấy mời vẫn hiển thị khi đăng nhập. / E-mail is not set up; the invitation is shown in the product only.',
};

import { AppError, errors } from '../platform/errors.js';

/** User-facing errors of accounts and the first run (Vietnamese / English). */
export const accountErrors = {
  alreadySetUp: () => errors.conflict(
    'Hệ thống đã có quản trị viên; hãy đăng nhập bằng tài khoản đã tạo. / This system already has an administrator; sign in with that account.'),
  loginTaken: () => errors.conflict(
    'Tên đăng nhập này đã được dùng cho một tài khoản khác. / This login is already used by another account.'),
  badCode: () => new AppError('validation_failed',
    'Mã dùng một lần không đúng, đã được dùng hoặc đã hết hạn. Hãy xin quản trị viên một mã mới. / The one-time code is wrong, already used or expired; ask your administrator for a new one.',
    { issues: [{ path: 'code', message: 'wrong, used or expired' }] }),
  disabled: () => errors.conflict(
    'Tài khoản này đã bị khóa; hãy liên hệ quản trị viên. / This account is disabled; contact your administrator.'),
  notYourself: () => errors.conflict(
    'Bạn không thể tự khóa tài khoản của mình; hãy nhờ một quản trị viên khác. / You cannot disable your own account; ask another admin.'),
  noSuchAccount: () => errors.notFound('tài khoản'),
};

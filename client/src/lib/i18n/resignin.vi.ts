/**
 * Vietnamese texts of the re-sign-in dialog shown over the page when a sign-in runs out:
 * spread into `vi` so they share one key space and one `t()`.
 */
export const resigninVi = {
  'resignin.title': 'Phiên đăng nhập đã hết hạn — đăng nhập lại để tiếp tục',
  'resignin.idle_timeout': 'Bạn đã không thao tác trong một thời gian nên phiên đăng nhập đã kết thúc.',
  'resignin.expired': 'Để bảo vệ tài khoản, hệ thống tự kết thúc phiên đăng nhập sau một thời gian không thao tác hoặc khi hết thời hạn.',
  'resignin.kept': 'Những gì bạn đang làm trên trang này vẫn được giữ nguyên. Nhập lại mật khẩu để tiếp tục; thao tác vừa bấm (ví dụ Lưu) sẽ được thực hiện sau khi đăng nhập.',
  'resignin.submit': 'Đăng nhập lại',
  'resignin.pending': 'Đang đăng nhập…',
  'resignin.other': 'Dùng tài khoản khác',
  'resignin.other.title': 'Đăng nhập bằng tài khoản khác?',
  'resignin.other.body': 'Nội dung chưa lưu trên trang này sẽ bị bỏ. Ứng dụng sẽ tải lại về trang chủ để đăng nhập bằng tài khoản khác.',
  'resignin.other.confirm': 'Bỏ nội dung và đổi tài khoản',
};

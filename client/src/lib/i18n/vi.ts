import { viewerVi } from './viewer.vi.js';
import { conveningVi } from './convening.vi.js';
import { accountVi } from './account.vi.js';
import { adminVi } from './admin.vi.js';
import { documentsVi } from './documents.vi.js';
import { sittingVi } from './sitting.vi.js';
import { prepareVi } from './prepare.vi.js';
import { commentsVi } from './comments.vi.js';
import { recordsVi } from './records.vi.js';
import { resolutionsVi } from './resolutions.vi.js';
import { pollVi } from './poll.vi.js';
import { mediaVi } from './media.vi.js';
import { remoteVi } from './remote.vi.js';
import { resigninVi } from './resignin.vi.js';
import { onlineVi } from './online.vi.js';
import { portalVi } from './portal.vi.js';
import { observerVi } from './observer.vi.js';
import { recordingVi } from './recording.vi.js';

/**
 * Vietnamese, the default language. Every visible string of the client lives here and in
 * `en.ts`; `{name}` placeholders are filled by `t(key, params)`.
 */
export const vi = {
  ...sittingVi,
  ...accountVi,
  ...prepareVi,
  ...adminVi,
  ...commentsVi,
  ...recordsVi,
  ...resolutionsVi,
  ...pollVi,
  ...mediaVi,
  ...remoteVi,
  ...resigninVi,
  ...onlineVi,
  ...portalVi,
  ...observerVi,
  ...recordingVi,
  ...viewerVi,
  ...conveningVi,
  ...documentsVi,
  'app.name': 'HĐND số',
  'app.tagline': 'Phòng họp không giấy của Hội đồng nhân dân',
  'app.loading': 'Đang tải…',
  'app.retry': 'Thử lại',
  'app.mainNav': 'Điều hướng chính',

  'lang.label': 'Ngôn ngữ',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',

  'signin.title': 'Đăng nhập',
  'signin.intro': 'Dùng tài khoản do Văn phòng HĐND cấp.',
  'signin.login': 'Email hoặc số điện thoại',
  'signin.password': 'Mật khẩu',
  'signin.showPassword': 'Hiện',
  'signin.hidePassword': 'Ẩn',
  'signin.showPasswordLabel': 'Hiện mật khẩu',
  'signin.hidePasswordLabel': 'Ẩn mật khẩu',
  'signin.submit': 'Đăng nhập',
  'signin.pending': 'Đang đăng nhập…',
  'signin.loginRequired': 'Vui lòng nhập email hoặc số điện thoại.',
  'signin.passwordRequired': 'Vui lòng nhập mật khẩu.',
  'signin.help': 'Quên mật khẩu? Liên hệ Văn phòng HĐND để được cấp lại.',

  'notice.signed_out': 'Bạn đã đăng xuất.',
  'notice.signed_out_elsewhere': 'Phiên đăng nhập này đã được đăng xuất. Vui lòng đăng nhập lại.',
  'notice.account_disabled': 'Tài khoản của bạn đã bị quản trị viên khóa nên phiên đăng nhập đã kết thúc. Vui lòng liên hệ quản trị viên của đơn vị.',
  'notice.idle_timeout': 'Phiên đăng nhập đã hết hạn do lâu không hoạt động. Vui lòng đăng nhập lại.',
  'notice.expired': 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',

  'error.validation_failed': 'Thông tin nhập chưa hợp lệ. Vui lòng kiểm tra lại.',
  'error.unauthenticated': 'Vui lòng đăng nhập để tiếp tục.',
  'error.session_expired': 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  'error.forbidden': 'Bạn không có quyền thực hiện thao tác này.',
  'error.not_found': 'Không tìm thấy nội dung yêu cầu.',
  'error.conflict': 'Không thực hiện được thao tác này ở trạng thái hiện tại.',
  'error.too_many_attempts': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
  'error.too_many_attempts_minutes': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.',
  'error.too_many_attempts_seconds': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.',
  'error.invalid_credentials': 'Email/số điện thoại hoặc mật khẩu không đúng.',
  'error.payload_too_large': 'Dữ liệu gửi lên quá lớn.',
  'error.not_ready': 'Hệ thống chưa sẵn sàng cho việc này. Vui lòng thử lại sau ít phút; nếu vẫn vậy, hãy báo bộ phận kỹ thuật.',
  'error.internal_error': 'Hệ thống gặp sự cố. Vui lòng thử lại; nếu vẫn lỗi, hãy báo bộ phận kỹ thuật.',
  'error.network_error': 'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.',

  'header.signOut': 'Đăng xuất',
  'header.signingOut': 'Đang đăng xuất…',
  'header.account': 'Tài khoản',

  'conn.label': 'Kết nối thời gian thực',
  'conn.idle': 'Chưa kết nối',
  'conn.connecting': 'Đang kết nối…',
  'conn.connected': 'Đã kết nối',
  'conn.reconnecting': 'Đang kết nối lại…',
  'conn.lost': 'Mất kết nối',

  'home.title': 'Trang chủ',
  'home.greeting': 'Xin chào, {name}',
  'home.intro': 'Các công việc, hội đồng và kỳ họp của bạn.',
  'home.shortcuts': 'Công việc của tôi',
  'home.councils': 'Hội đồng của tôi',
  'home.sessions': 'Kỳ họp của tôi',
  'home.noCouncils': 'Tài khoản chưa được phân công vào HĐND nào. Vui lòng liên hệ quản trị viên.',
  'home.noSessions': 'Chưa có kỳ họp nào được công bố.',
  'home.unit': 'Đơn vị',
  'home.role': 'Vai trò',

  'session.when': 'Thời gian',
  'session.opensAt': 'khai mạc lúc {time}',
  'session.venue': 'Địa điểm',
  'session.agendaItems': 'Nội dung chương trình',
  'session.documents': 'Tài liệu',
  'session.status.draft': 'Bản nháp',
  'session.status.published': 'Đã công bố',
  'session.status.open': 'Đang họp',
  'session.status.closed': 'Đã bế mạc',
  'session.kind.regular': 'Kỳ họp thường lệ',
  'session.kind.thematic': 'Kỳ họp chuyên đề',
  'session.kind.extraordinary': 'Kỳ họp bất thường',

  'role.admin': 'Quản trị',
  'role.secretariat': 'Văn phòng/Thư ký',
  'role.chair': 'Chủ tọa',
  'role.delegate': 'Đại biểu',
  'role.meeting_point_operator': 'Vận hành điểm cầu',
  'role.observer': 'Khách mời',

  'feature.chair': 'Điều hành phiên họp',
  'feature.chair.hint': 'Chương trình, điểm danh, phát biểu và biểu quyết.',
  'feature.secretariat': 'Chuẩn bị kỳ họp',
  'feature.secretariat.hint': 'Lập chương trình, tài liệu và danh sách đại biểu.',
  'feature.operator': 'Phòng họp trực tuyến',
  'feature.operator.hint': 'Kết nối điểm cầu với hội trường chính.',
  'feature.delegate': 'Tài liệu kỳ họp',
  'feature.delegate.hint': 'Đọc tài liệu, ghi chú và góp ý dự thảo.',
  'feature.admin': 'Quản trị hệ thống',
  'feature.admin.hint': 'Đơn vị, hội đồng, tài khoản và phân quyền.',
  'feature.observer': 'Theo dõi phiên họp',
  'feature.observer.hint': 'Xem các phiên họp công khai.',

  'soon.title': 'Tính năng đang được xây dựng',
  'soon.body': 'Chức năng “{feature}” sẽ có trong phiên bản tới.',
  'soon.back': 'Về trang chủ',
  'notFound.title': 'Không tìm thấy trang',
  'notFound.body': 'Địa chỉ này không tồn tại hoặc đã được thay đổi.',

  'poll.checkInToVote': 'Bạn cần điểm danh để biểu quyết',
  'poll.checkInToVote.hint': 'Chỉ đại biểu đã điểm danh (có mặt tại hội trường hoặc trực tuyến) mới được phát phiếu. Điểm danh ngay tại đây:',
  'poll.lateNotIssued': 'Bạn điểm danh sau khi vòng biểu quyết này đã mở. Theo quy chế của Hội đồng, bạn không được phát phiếu trong vòng này.',
} as const;

export type MessageKey = keyof typeof vi;

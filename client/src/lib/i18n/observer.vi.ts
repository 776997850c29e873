/**
 * Vietnamese texts of the observer's view (Theo dõi phiên họp, issue 16): the sittings of the
 * councils a guest or journalist follows, and the documents granted to them. Spread into `vi`.
 */
export const observerVi = {
  'observer.intro': 'Các phiên họp của hội đồng mời bạn theo dõi, cùng tài liệu hội đồng gửi riêng cho bạn.',
  'observer.councils': 'Khách mời của: {names}',
  'observer.noCouncil': 'Bạn chưa là khách mời của hội đồng nào. Khi được mời, các phiên họp sẽ hiện ở đây.',
  'observer.live': 'Đang diễn ra',
  'observer.liveOpen': 'Xem trực tiếp phiên “{title}” và toàn bộ phiên họp',
  'observer.sittings': 'Các phiên họp',
  'observer.group.open': 'Đang họp',
  'observer.group.published': 'Sắp họp',
  'observer.group.closed': 'Đã họp',
  'observer.noSittings': 'Chưa có phiên họp nào được công bố. Khi hội đồng công bố lịch họp, các phiên họp sẽ hiện ở đây.',
  'observer.documents': 'Tài liệu dành cho khách mời',
  'observer.documentsIntro': 'Tài liệu hội đồng cho phép riêng bạn đọc, ngoài tài liệu công khai (tài liệu công khai có ở trang từng phiên họp).',
  'observer.noDocuments': 'Chưa có tài liệu nào được gửi riêng cho bạn.',
  'observer.docMeta': 'Phiên bản {version} · {pages} trang',
  'observer.loadingSittings': 'Đang tải các phiên họp…',
  'observer.loadingDocuments': 'Đang tải tài liệu…',
  'observer.noOtherSittings': 'Chưa có phiên họp nào khác được công bố.',
  'observer.documentsFailed': 'Không tải được danh sách tài liệu. Vui lòng kiểm tra kết nối mạng rồi thử lại.',
  'observer.liveEnded': 'Phiên họp đã kết thúc. Xem lại diễn biến và kết quả ở trang phiên họp.',
  'observer.sittingsFailed': 'Không tải được các phiên họp. Vui lòng kiểm tra kết nối mạng rồi thử lại.',
} as const;

/**
 * Vietnamese texts of a closed sitting's recording on the portal (ghi hình phiên họp, issue
 * 16): the player and its chapters (agenda items, turns at the floor). Spread into `vi`.
 */
export const recordingVi = {
  'recording.heading': 'Ghi hình phiên họp',
  'recording.label': 'Ghi hình phiên họp: {title}',
  'recording.duration': 'Thời lượng {duration}',
  'recording.chapters': 'Mục lục',
  'recording.chaptersHint': 'Chọn một nội dung hoặc một người phát biểu để xem từ thời điểm đó.',
  'recording.noChapters': 'Không có mục lục cho bản ghi này.',
  'recording.item': 'Nội dung',
  'recording.speaker': 'Phát biểu',
  'recording.jump': 'Xem từ {time}: {title}',
  'recording.loading': 'Đang tải trình phát…',
  'recording.unsupported': 'Trình duyệt này không phát được bản ghi hình.',
  'recording.failed': 'Không phát được bản ghi hình. Hãy thử tải lại trang.',
} as const;

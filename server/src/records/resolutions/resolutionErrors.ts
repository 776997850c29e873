import { AppError, errors } from '../../platform/errors.js';

/** The errors of adopted resolutions, worded for a secretary ("vi / en"). */
export const resolutionErrors = {
  notAdopted: () => errors.conflict(
    'Chỉ soạn nghị quyết cho một biểu quyết thông qua nghị quyết đã kết thúc với kết quả THÔNG QUA. / A resolution is drafted only for a closed resolution vote that passed.'),
  noDraft: () => new AppError('not_found',
    'Chưa có dự thảo nghị quyết cho biểu quyết này; hãy bấm "Soạn nghị quyết". / There is no draft of this resolution yet.'),
  alreadySigned: () => errors.conflict(
    'Nghị quyết đã được ký ban hành, không thể sửa. / The resolution is signed and can no longer be changed.'),
  staleRevision: (current: number) => errors.conflict(
    `Dự thảo nghị quyết vừa được người khác sửa (bản số ${current}); hãy tải lại và sửa trên bản mới nhất. / Someone edited the draft meanwhile (revision ${current}); reload and edit the latest one.`),
  signOtherRevision: (current: number) => errors.conflict(
    `Bản đang xem không phải bản mới nhất (bản số ${current}); hãy tải lại rồi ký. / You are not looking at the latest revision (${current}); reload before signing.`),
  notSigned: () => new AppError('not_found',
    'Nghị quyết này chưa được ký ban hành. / This resolution is not signed yet.'),
};

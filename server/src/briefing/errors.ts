import { AppError, errors } from '../platform/errors.js';
import { InvalidStateError, NotFoundError, TopologyError } from '../../../media/src/errors.js';

/** User-facing errors of video briefings (Vietnamese / English). */
export const mediaErrors = {
  disabled: () => new AppError('not_ready', 'Hệ thống chưa sẵn sàng: máy chủ truyền hình chưa chạy. / Not ready: the media server is not running.'),
  notJoined: () => new AppError('forbidden', 'Hãy vào cuộc họp trực tuyến trước (media:join). / Join the video briefing first (media:join).'),
  hallOnly: () => errors.forbidden('tham gia với vai trò hội trường chính (dành cho chủ tọa và thư ký)'),
  notYourRoom: () => errors.forbidden('tham gia thay điểm cầu này (chỉ người vận hành của điểm cầu)'),
  closedSitting: () => new AppError('forbidden',
    'Phiên họp kín: không có điểm cầu bên ngoài và khách mời. / A closed sitting admits no external meeting points or observers.'),
  meetingPointNotInSitting: () => new AppError('forbidden',
    'Điểm cầu này không thuộc phiên họp. / This meeting point is not part of the sitting.'),
  remoteDelegatesOnly: () => errors.forbidden('tham dự trực tuyến từ thiết bị cá nhân (dành cho đại biểu của hội đồng)'),
  personalDevicesOff: () => new AppError('forbidden',
    'Quy chế của hội đồng không cho phép tham dự trực tuyến từ thiết bị cá nhân; hãy đến hội trường hoặc một điểm cầu. / The council\'s rules do not allow attending from a personal device; come to the hall or a meeting point.'),
  closedToRemote: () => new AppError('forbidden',
    'Phiên họp kín: không tham dự từ thiết bị cá nhân. / A closed sitting cannot be attended from a personal device.'),
  roomNeedsMeetingPoint: () => errors.invalidField('meetingPointId', 'cần chọn điểm cầu / a meeting point is required'),
  sittingEnded: () => errors.conflict('Phiên họp đã kết thúc. / The sitting has ended.'),
  topology: () => errors.forbidden('nhận hoặc gửi luồng này (ngoài quyền của điểm cầu)'),
  gone: () => errors.notFound('luồng truyền hình này (đã đóng) / this stream (closed)'),
  restarting: () => errors.conflict('Máy chủ truyền hình đang khôi phục, vui lòng kết nối lại. / The media server is recovering; reconnect.'),
};

/**
 * Maps what the media layer throws to the one error shape. Anything else stays as it is
 * (logged by `command()` and answered as internal_error).
 */
export function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof TopologyError) return mediaErrors.topology();
  if (err instanceof NotFoundError) return mediaErrors.gone();
  if (err instanceof InvalidStateError) return mediaErrors.restarting();
  return err;
}

/**
 * For commands that hand the client's RTP/DTLS parameters to mediasoup: its TypeError and
 * UnsupportedError mean parameters it refused (a bad SDP-derived payload), not a server fault.
 */
export async function refusedParameters<T>(field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof TypeError || (err instanceof Error && err.name === 'UnsupportedError')) {
      throw errors.invalidField(field, err.message.slice(0, 200));
    }
    throw err;
  }
}

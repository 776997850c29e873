import { fromOwnDevice, type FloorRequest, type SittingState } from '../../../../contract/sitting.js';
import { t, type MessageKey } from '../i18n/index.js';

/** "Phát biểu", "Tranh luận", or "Chất vấn Giám đốc Sở Tài chính". */
export function floorLabel(req: Pick<FloorRequest, 'kind' | 'official'>): string {
  return req.kind === 'question' && req.official ? t('floor.questionOf', { official: req.official }) : t(`floor.kind.${req.kind}` as MessageKey);
}

/**
 * Where a request or speech comes from: "tại Điểm cầu xã Tân Lập" from a meeting point of the
 * sitting; "trực tuyến từ thiết bị cá nhân (Nhà riêng, xã Tân Lập)" when `userId` attends from
 * their own device; null from the hall.
 */
export function roomLabel(sitting: Pick<SittingState, 'meetingPoints'> & Partial<Pick<SittingState, 'attendance'>>, meetingPointId: string | null, userId?: string): string | null {
  if (!meetingPointId) {
    const mine = userId ? sitting.attendance?.find((a) => a.userId === userId) : undefined;
    if (!mine || !fromOwnDevice(mine)) return null;
    return mine.place ? t('online.floor.ownDeviceAt', { place: mine.place }) : t('online.floor.ownDevice');
  }
  const room = sitting.meetingPoints.find((p) => p.id === meetingPointId)?.name;
  return room ? t('media.atRoom', { room }) : t('sitting.atPoint');
}

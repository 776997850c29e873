import type { FloorRequest, SittingState } from '../../../../contract/sitting.js';
import { t, type MessageKey } from '../i18n/index.js';

/** "Phát biểu", "Tranh luận", or "Chất vấn Giám đốc Sở Tài chính". */
export function floorLabel(req: Pick<FloorRequest, 'kind' | 'official'>): string {
  return req.kind === 'question' && req.official ? t('floor.questionOf', { official: req.official }) : t(`floor.kind.${req.kind}` as MessageKey);
}

/** "tại Điểm cầu xã Tân Lập" for a request or speech from a meeting point of the sitting; null from the hall. */
export function roomLabel(sitting: Pick<SittingState, 'meetingPoints'>, meetingPointId: string | null): string | null {
  if (!meetingPointId) return null;
  const room = sitting.meetingPoints.find((p) => p.id === meetingPointId)?.name;
  return room ? t('media.atRoom', { room }) : t('sitting.atPoint');
}

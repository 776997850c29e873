import type { FloorRequest } from '../../../../contract/sitting.js';
import { t, type MessageKey } from '../i18n/index.js';

/** "Phát biểu", "Tranh luận", or "Chất vấn Giám đốc Sở Tài chính". */
export function floorLabel(req: Pick<FloorRequest, 'kind' | 'official'>): string {
  return req.kind === 'question' && req.official ? t('floor.questionOf', { official: req.official }) : t(`floor.kind.${req.kind}` as MessageKey);
}

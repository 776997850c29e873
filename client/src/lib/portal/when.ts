import type { PublicSittingSummary } from '../../../../contract/portal.js';
import { t } from '../i18n/index.js';
import { formatDay } from './format.js';

/** "Thứ Ba, 14 tháng 7, 2026, lúc 08:00", the day alone, or "Chưa xếp lịch". */
export function sittingWhen(s: Pick<PublicSittingSummary, 'date' | 'startTime'>): string {
  if (!s.date) return t('portal.dateNotSet');
  const day = formatDay(s.date);
  return s.startTime ? t('portal.dateTime', { date: day, time: s.startTime }) : day;
}

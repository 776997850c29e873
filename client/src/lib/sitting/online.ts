import { fromOwnDevice, type AttendanceEntry, type AttendanceLink, type SittingState } from '../../../../contract/sitting.js';
import { formatTime } from '../format.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { IconName } from '../icons.js';

export { fromOwnDevice };

/** mediasoup's score (0–10) of what the device sends, in words: ≥ 8 good, ≥ 5 fair, else poor; null unknown. */
export type LinkQuality = 'good' | 'fair' | 'poor' | 'unknown';
export const qualityOf = (score: number | null | undefined): LinkQuality =>
  score === null || score === undefined ? 'unknown' : score >= 8 ? 'good' : score >= 5 ? 'fair' : 'poor';

/** "Chất lượng: tốt". */
export const qualityText = (e: Pick<AttendanceEntry, 'linkScore'>): string => t('online.quality', { quality: t(`online.quality.${qualityOf(e.linkScore)}` as MessageKey) });

/** An own device's link (an entry from before links were kept reads as connected). */
export const linkOf = (e: Pick<AttendanceEntry, 'link'>): AttendanceLink => e.link ?? 'connected';

/** "Đã kết nối", "Đang kết nối lại (từ 08:07)", "Mất kết nối (từ 08:09)". */
export function linkText(e: Pick<AttendanceEntry, 'link' | 'linkAt'>, since = true): string {
  const link = linkOf(e);
  if (link === 'connected' || !since || !e.linkAt) return t(`online.link.${link}` as MessageKey);
  return t(`online.link.${link}Since` as MessageKey, { time: formatTime(e.linkAt) });
}

/** The icon beside a link state: the words say it too, never the colour alone. */
export const linkIcon = (link: AttendanceLink): IconName => (link === 'connected' ? 'check' : link === 'reconnecting' ? 'sync' : 'offline');

/** "Chrome 131 · Android 13 · máy tính bảng": the server's last part (tablet, mobile, desktop) translated. */
export function deviceText(device: string | null | undefined): string | null {
  if (!device) return null;
  const parts = device.split(' · ');
  const kind = parts[parts.length - 1];
  if (kind === 'tablet' || kind === 'mobile' || kind === 'desktop') parts[parts.length - 1] = t(`online.kind.${kind}`);
  return parts.join(' · ');
}

/** Where an online attendee is: "Điểm cầu xã Tân Lập", or "Thiết bị cá nhân · Nhà riêng, xã Tân Lập". */
export function whereOnline(sitting: Pick<SittingState, 'meetingPoints'>, e: AttendanceEntry): string {
  if (fromOwnDevice(e)) return [t('online.ownDevice'), e.place].filter(Boolean).join(' · ');
  return sitting.meetingPoints.find((p) => p.id === e.meetingPointId)?.name ?? t('online.atPoint');
}

/** Lost first, then reconnecting, then the rest: a delegate whose device dropped is seen first. */
export const urgency = (e: AttendanceEntry): number => (!fromOwnDevice(e) ? 3 : ({ lost: 0, reconnecting: 1, connected: 2 } as const)[linkOf(e)]);

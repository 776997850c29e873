import { intlLocale } from './i18n/index.js';

/** Session times are the council's local time, wherever the device's clock is set. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** "Thứ Ba, 14 tháng 7 – Thứ Sáu, 17 tháng 7, 2026" (vi-VN) or the English equivalent. */
export function formatDateRange(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const fmt = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: TIME_ZONE });
  return end > start ? fmt.formatRange(start, end) : fmt.format(start);
}

/** "08:00" */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "03:07"; negative values are shown as their magnitude (the caller says "over time"). */
export function formatSeconds(total: number): string {
  const s = Math.abs(Math.trunc(total));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

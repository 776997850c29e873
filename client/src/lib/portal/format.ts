import { intlLocale } from '../i18n/index.js';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** "Thứ Ba, 14 tháng 7, 2026" from a day written YYYY-MM-DD (the council's own day). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: 'UTC' }).format(date);
}

/** "08:15 14/07/2026" for an ISO time, in Vietnam time. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "14/07/2026" for an ISO time: the day in Vietnam time. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "1,2 MB" */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: i === 0 ? 0 : 1 }).format(n)} ${units[i]}`;
}

import { intlLocale } from '../i18n/index.js';

/** "04:31 05/12/2026": when a document was uploaded or withdrawn, in the council's time zone. */
export function formatStamp(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { timeStyle: 'short', dateStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

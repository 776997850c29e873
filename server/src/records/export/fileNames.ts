import { ddmmyyyy } from '../format.js';

/** ASCII, lower case, hyphens: a name every archive tool and file system keeps as written. */
export function slug(text: string, max = 60): string {
  const s = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (s.slice(0, max).replace(/-+$/, '') || 'tep');
}

/** "bien-ban-phien-khai-mac-15-07-2026.pdf" */
export const minutesFileName = (sittingTitle: string, at: Date) => `bien-ban-${slug(sittingTitle)}-${ddmmyyyy(at).replaceAll('/', '-')}.pdf`;
export const resolutionFileName = (number: number, year: number, subject: string) => `nghi-quyet-${String(number).padStart(2, '0')}-${year}-${slug(subject)}.pdf`;

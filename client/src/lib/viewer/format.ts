import type { AccessLevel, DocumentKind } from '../../../../contract/document.js';
import { intlLocale, type MessageKey } from '../i18n/index.js';

/** "1,2 MB", "734 kB" in the reader's language. */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: value < 10 && i > 0 ? 1 : 0 }).format(value);
}

export const kindKey = (kind: DocumentKind) => `doc.kind.${kind}` as MessageKey;
export const accessKey = (access: AccessLevel) => `doc.access.${access}` as MessageKey;

/** 0–100, whole numbers; 0 for an empty total. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.floor((part / whole) * 100)) : 0);

/** The display language: Vietnamese unless the user picked English on this device. */
export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

const STORAGE_KEY = 'hdnd.locale';

function stored(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'vi' || value === 'en') return value;
  } catch {
    // Storage can be disabled (private mode, kiosk policy): fall back to Vietnamese.
  }
  return 'vi';
}

/** Reactive: reading `locale.current` in a template re-renders it on change. */
export const locale = $state<{ current: Locale }>({ current: stored() });

export function setLocale(next: Locale): void {
  locale.current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; the choice still holds until reload.
  }
}

/** The BCP 47 tag for Intl formatting in the current language. */
export function intlLocale(): string {
  return locale.current === 'vi' ? 'vi-VN' : 'en-GB';
}

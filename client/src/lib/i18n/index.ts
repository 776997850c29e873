import type { ErrorCode } from '../../../../contract/errors.js';
import { vi, type MessageKey } from './vi.js';
import { en } from './en.js';
import { locale } from './locale.svelte.js';

export { locale, setLocale, intlLocale, LOCALES, type Locale } from './locale.svelte.js';
export type { MessageKey };

const dictionaries = { vi, en } as const;

/** The text of `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = dictionaries[locale.current][key] ?? vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Error codes the client produces itself, beside the server's. */
export type ClientErrorCode = ErrorCode | 'network_error';

/** Every error code has a text in both languages (the type fails when the contract grows). */
const errorKeys: Record<ClientErrorCode, MessageKey> = {
  validation_failed: 'error.validation_failed',
  unauthenticated: 'error.unauthenticated',
  session_expired: 'error.session_expired',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  too_many_attempts: 'error.too_many_attempts',
  invalid_credentials: 'error.invalid_credentials',
  payload_too_large: 'error.payload_too_large',
  not_ready: 'error.not_ready',
  internal_error: 'error.internal_error',
  network_error: 'error.network_error',
};

/**
 * Codes whose own text says it all, or says it better than the server can: the sign-in form's
 * wrong credentials (it names the form's fields), a lockout with its exact wait, and errors
 * the client makes itself (no server answered).
 */
const OWN_TEXT = new Set<string>(['invalid_credentials', 'too_many_attempts', 'network_error']);

/**
 * The server's own words in the current language. Its messages read "Vietnamese / English":
 * the part before the first " / " in Vietnamese, after the last one in English. A message
 * without that shape (a library's text, a client-made note) is not shown to users.
 */
export function serverText(message: string | undefined): string | null {
  const first = message?.indexOf(' / ') ?? -1;
  if (!message || first < 0) return null;
  const text = locale.current === 'vi' ? message.slice(0, first) : message.slice(message.lastIndexOf(' / ') + 3);
  return text.trim() || null;
}

/**
 * The text for an error body (HTTP or socket acknowledgement): the server's reason when it
 * gave one (the sitting has ended, what was not found, why a command was refused), else the
 * code's generic text.
 */
export function errorText(err: { error: ClientErrorCode | string; message?: string | undefined; retryAfterSeconds?: number | undefined }): string {
  if (err.error === 'too_many_attempts' && err.retryAfterSeconds !== undefined) {
    const seconds = err.retryAfterSeconds;
    return seconds < 60
      ? t('error.too_many_attempts_seconds', { seconds })
      : t('error.too_many_attempts_minutes', { minutes: Math.ceil(seconds / 60) });
  }
  const own = OWN_TEXT.has(err.error) ? null : serverText(err.message);
  return own ?? t(errorKeys[err.error as ClientErrorCode] ?? 'error.internal_error');
}

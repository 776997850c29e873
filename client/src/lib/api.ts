import type { ErrorBody } from '../../../contract/errors.js';
import type { ClientErrorCode } from './i18n/index.js';

/** An error as the client sees it: the server's ErrorBody, or one it made itself. */
export type ApiError = Omit<ErrorBody, 'error'> & { error: ClientErrorCode };
export type ApiResult<T> = { ok: true; data: T } | ApiError;

const AUTH_LOST = new Set<ClientErrorCode>(['unauthenticated', 'session_expired']);
let onAuthLost: ((err: ApiError) => Promise<boolean>) | null = null;

/**
 * Called when a signed-in request finds the sign-in gone (expired, signed out elsewhere);
 * resolves true once the user has signed in again, and the request is then sent once more,
 * false when they did not (signed out, another account): the caller gets the 401's error.
 */
export function setAuthLostHandler(handler: (err: ApiError) => Promise<boolean>): void {
  onAuthLost = handler;
}

function isResult(value: unknown): value is ApiResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Calls the same-origin JSON API; never throws. `authCheck` marks requests whose 401 is an
 * expected answer (the start-up "who am I", sign-in) rather than a lost session. Any other
 * request refused for a lost sign-in waits while the user signs in again over the page, and
 * is then sent once more: a "Lưu" pressed after the sign-in ran out still saves.
 */
export async function api<T>(method: Method, path: string, body?: unknown, opts: { authCheck?: boolean } = {}): Promise<ApiResult<T>> {
  const first = await request<T>(method, path, body);
  if (first.ok || opts.authCheck || !AUTH_LOST.has(first.error) || !onAuthLost) return first;
  if (!(await onAuthLost(first))) return first;
  const again = await request<T>(method, path, body);
  // Refused again at once: show the dialog again, but this answer is the caller's to show.
  if (!again.ok && AUTH_LOST.has(again.error)) void onAuthLost(again);
  return again;
}

async function request<T>(method: Method, path: string, body: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    return { ok: false, error: 'network_error', message: '' };
  }
  const json: unknown = await res.json().catch(() => null);
  const result: ApiResult<T> = isResult(json)
    ? (json as ApiResult<T>)
    : { ok: false, error: res.status === 503 ? 'not_ready' : 'internal_error', message: '' };
  return result;
}

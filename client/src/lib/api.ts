import type { ErrorBody } from '../../../contract/errors.js';
import type { ClientErrorCode } from './i18n/index.js';

/** An error as the client sees it: the server's ErrorBody, or one it made itself. */
export type ApiError = Omit<ErrorBody, 'error'> & { error: ClientErrorCode };
export type ApiResult<T> = { ok: true; data: T } | ApiError;

const AUTH_LOST = new Set<ClientErrorCode>(['unauthenticated', 'session_expired']);
let onAuthLost: ((err: ApiError) => void) | null = null;

/** Called when a signed-in request finds the sign-in gone (expired, signed out elsewhere). */
export function setAuthLostHandler(handler: (err: ApiError) => void): void {
  onAuthLost = handler;
}

function isResult(value: unknown): value is ApiResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * Calls the same-origin JSON API; never throws. `authCheck` marks requests whose 401 is an
 * expected answer (the start-up "who am I", sign-in) rather than a lost session.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, opts: { authCheck?: boolean } = {}): Promise<ApiResult<T>> {
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
  if (!result.ok && AUTH_LOST.has(result.error) && !opts.authCheck) onAuthLost?.(result);
  return result;
}

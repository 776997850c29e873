import type { MeView } from '../../../../contract/auth.js';
import { api, setAuthLostHandler, type ApiError } from '../api.js';
import { connectRealtime, disconnectRealtime, type SessionEndReason } from '../realtime/socket.svelte.js';
import type { MessageKey } from '../i18n/index.js';

/** Why the sign-in page is shown with a message. */
export type Notice = { kind: 'info' | 'warning'; key: MessageKey } | { kind: 'error'; error: ApiError };

interface AuthState {
  status: 'checking' | 'signed_out' | 'signed_in';
  me: MeView | null;
  notice: Notice | null;
}

/** The signed-in user, or why there is none. */
export const auth = $state<AuthState>({ status: 'checking', me: null, notice: null });

const endNotices: Record<SessionEndReason, MessageKey> = {
  signed_out: 'notice.signed_out_elsewhere',
  idle_timeout: 'notice.idle_timeout',
  expired: 'notice.expired',
};

function enter(me: MeView): void {
  auth.me = me;
  auth.status = 'signed_in';
  auth.notice = null;
  connectRealtime({
    onSessionEnded: (reason) => leave({ kind: 'warning', key: endNotices[reason] }),
    onServerDisconnect: (reconnect) => void recheck(reconnect),
    onMe: (fresh) => {
      auth.me = fresh;
    },
  });
}

const signOutHooks = new Set<(userId: string) => void>();

/**
 * Runs `fn` with the user's id whenever a sign-in ends on this device (sign-out, expiry, a
 * sign-out elsewhere), before the next person can sign in: a feature that keeps per-user
 * data in the browser registers here at its load (the poll's remembered ballots), so this
 * store names no feature. Returns the unregister function.
 */
export function onSignOut(fn: (userId: string) => void): () => void {
  signOutHooks.add(fn);
  return () => signOutHooks.delete(fn);
}

/** Back to the sign-in page locally (the server side is already gone or being ended). */
function leave(notice: Notice | null): void {
  disconnectRealtime();
  const userId = auth.me?.id;
  if (userId) {
    for (const hook of signOutHooks) {
      try {
        hook(userId);
      } catch {
        // One feature's clean-up failing must not keep the user signed in.
      }
    }
  }
  auth.me = null;
  auth.status = 'signed_out';
  auth.notice = notice;
}

async function recheck(reconnect: () => void): Promise<void> {
  const res = await api<MeView>('GET', '/api/auth/me');
  if (res.ok) reconnect();
  else if (res.error === 'network_error' && auth.status === 'signed_in') setTimeout(() => void recheck(reconnect), 5_000);
}

setAuthLostHandler((err) => {
  if (auth.status === 'signed_in') leave({ kind: 'warning', key: err.error === 'session_expired' ? 'notice.expired' : 'notice.signed_out_elsewhere' });
});

/** On start: is there a live sign-in cookie? */
export async function checkSession(): Promise<void> {
  const res = await api<MeView>('GET', '/api/auth/me', undefined, { authCheck: true });
  if (res.ok) enter(res.data);
  else leave(res.error === 'unauthenticated' || res.error === 'session_expired' ? null : { kind: 'error', error: res });
}

/** Signs in; returns the error to show, or null on success. */
export async function signIn(login: string, password: string): Promise<ApiError | null> {
  const res = await api<MeView>('POST', '/api/auth/sign-in', { login, password }, { authCheck: true });
  if (!res.ok) return res;
  enter(res.data);
  return null;
}

export async function signOut(): Promise<void> {
  // Close the socket first so the server's "session ended" broadcast is not mistaken for
  // a sign-out elsewhere.
  disconnectRealtime();
  await api<null>('POST', '/api/auth/sign-out', {}, { authCheck: true });
  leave({ kind: 'info', key: 'notice.signed_out' });
}

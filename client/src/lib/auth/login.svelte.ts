import type { MeView } from '../../../../contract/auth.js';
import { api, setAuthLostHandler, type ApiError } from '../api.js';
import { connectRealtime, disconnectRealtime, resumeRealtime, suspendRealtime, type SessionEndReason } from '../realtime/socket.svelte.js';
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

/**
 * A sign-in that ran out (idle timeout, maximum age) while the user was working: the page
 * stays mounted under the re-sign-in dialog (ReSignIn.svelte), with whatever was typed in it,
 * until the same user signs in again. `reason` is null while the sign-in is live.
 */
export const lapse = $state<{ reason: Exclude<SessionEndReason, 'signed_out' | 'account_disabled'> | null }>({ reason: null });

/** Requests and commands refused by the lapse, waiting for the user to sign in again. */
let waiting: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];

/** Why `waitForSignIn` gave up: the user signed out or chose another account. */
export class SignInAbandoned extends Error {
  constructor() {
    super('signed out instead of signing in again');
  }
}

function settleWaiting(signedIn: boolean): void {
  const all = waiting;
  waiting = [];
  for (const w of all) {
    if (signedIn) w.resolve();
    else w.reject(new SignInAbandoned());
  }
}

/** The sign-in ran out: keep the page, close the socket, ask for the password over it. */
function lapsed(reason: Exclude<SessionEndReason, 'signed_out' | 'account_disabled'>): void {
  if (auth.status !== 'signed_in' || lapse.reason) return;
  lapse.reason = reason;
  suspendRealtime();
}

/**
 * Resolves when the user has signed in again after their sign-in ran out; call it after the
 * server answered `session_expired` (it opens the dialog if nothing else has yet). Rejects
 * with `SignInAbandoned` if the user signs out or switches account instead: whatever waited
 * must then be dropped, not sent. Resolves at once while the sign-in is live.
 */
export function waitForSignIn(): Promise<void> {
  if (auth.status !== 'signed_in') return Promise.reject(new SignInAbandoned());
  lapsed('expired');
  if (!lapse.reason) return Promise.resolve();
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function enter(me: MeView): void {
  auth.me = me;
  auth.status = 'signed_in';
  auth.notice = null;
  connectRealtime({
    // A sign-out (here in another tab, or elsewhere) ends the page; running out only pauses it.
    // A disabled account cannot sign in again: the page ends, saying why.
    onSessionEnded: (reason) => (reason === 'signed_out' ? leave({ kind: 'warning', key: 'notice.signed_out_elsewhere' })
      : reason === 'account_disabled' ? leave({ kind: 'warning', key: 'notice.account_disabled' }) : lapsed(reason)),
    onServerDisconnect: (reconnect) => void recheck(reconnect),
    onMe: (fresh) => {
      auth.me = fresh;
    },
  });
}

/** Enters the app as a user the server has just signed in another way (first run, password set with a code). */
export function signedInAs(me: MeView): void {
  enter(me);
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
  lapse.reason = null;
  settleWaiting(false);
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

// A request refused for a lost sign-in waits under the dialog and is sent again after it (api.ts).
setAuthLostHandler(async () => {
  if (auth.status !== 'signed_in') return false;
  try {
    await waitForSignIn();
    return true;
  } catch {
    return false;
  }
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

/**
 * Signs the same user in again from the dialog: the page, its socket and its waiting
 * requests carry on. Returns the error to show, or null on success.
 */
export async function signInAgain(password: string): Promise<ApiError | null> {
  const me = auth.me;
  if (!me) return null;
  const res = await api<MeView>('POST', '/api/auth/sign-in', { login: me.login, password }, { authCheck: true });
  if (!res.ok) return res;
  if (res.data.id !== me.id) {
    // Cannot happen with the login fixed, but what is on screen is never shown to another user.
    switchAccount();
    return null;
  }
  auth.me = res.data;
  lapse.reason = null;
  resumeRealtime();
  settleWaiting(true);
  return null;
}

/**
 * Someone else is to sign in: what is on screen belongs to the previous user, so it is ended
 * like a sign-out (their drafts too) and the app starts afresh at the home page.
 */
export function switchAccount(): void {
  leave(null);
  location.assign('/');
}

export async function signOut(): Promise<void> {
  // Close the socket first so the server's "session ended" broadcast is not mistaken for
  // a sign-out elsewhere.
  disconnectRealtime();
  await api<null>('POST', '/api/auth/sign-out', {}, { authCheck: true });
  leave({ kind: 'info', key: 'notice.signed_out' });
}

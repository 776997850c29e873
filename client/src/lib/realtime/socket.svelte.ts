import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../contract/events.js';
import type { MeView } from '../../../../contract/auth.js';

/** What the header's indicator shows. `lost` means several reconnection attempts failed. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'lost';
export type SessionEndReason = 'signed_out' | 'idle_timeout' | 'expired' | 'account_disabled';

export const connection = $state<{ state: ConnectionState }>({ state: 'idle' });

/**
 * The signed-in user's socket, for screens that join rooms (a sitting) and send commands.
 * Screens follow it in an effect: it is replaced on every sign-in and null when signed out.
 * (A class instance, so Svelte keeps it as is rather than proxying it.)
 */
export const realtime = $state<{ socket: AppSocket | null }>({ socket: null });

export interface RealtimeHandlers {
  /** The sign-in behind the socket ended: go back to the sign-in page. */
  onSessionEnded(reason: SessionEndReason): void;
  /** The server closed the socket without saying why: check the sign-in, then reconnect or not. */
  onServerDisconnect(reconnect: () => void): void;
  /** Fresh memberships after every (re)connection. */
  onMe(me: MeView): void;
}

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts after which "reconnecting" becomes "connection lost" (it keeps trying). */
const LOST_AFTER_ATTEMPTS = 3;
let socket: AppSocket | null = null;
/** Closed by `suspendRealtime` until the user signs in again: not to be reopened before. */
let suspended = false;

export function connectRealtime(handlers: RealtimeHandlers): void {
  disconnectRealtime();
  suspended = false;
  connection.state = 'connecting';
  // Same origin, the session cookie goes along with the handshake.
  // WebSocket only: behind a load balancer, a cluster's processes need no sticky sessions.
  const s: AppSocket = io({ withCredentials: true, reconnectionDelayMax: 10_000, transports: ['websocket'] });
  socket = s;
  realtime.socket = s;
  const mine = () => socket === s;

  s.on('connect', () => {
    if (!mine()) return;
    connection.state = 'connected';
    s.emit('me:get', {}, (res) => {
      if (mine() && res.ok) handlers.onMe(res.data);
    });
  });
  s.on('disconnect', (reason) => {
    if (!mine() || reason === 'io client disconnect') return;
    connection.state = navigator.onLine ? 'reconnecting' : 'lost';
    if (reason === 'io server disconnect') handlers.onServerDisconnect(() => mine() && s.connect());
  });
  s.io.on('reconnect_attempt', (attempt) => {
    if (mine()) connection.state = attempt > LOST_AFTER_ATTEMPTS || !navigator.onLine ? 'lost' : 'reconnecting';
  });
  s.on('connect_error', (err) => {
    if (!mine()) return;
    const code = (err as Error & { data?: { error?: string } }).data?.error;
    if (code === 'session_expired' || code === 'unauthenticated') {
      handlers.onSessionEnded('expired');
    } else if (!s.active) {
      connection.state = 'lost';
    }
  });
  s.on('login:ended', ({ reason }) => {
    if (mine()) handlers.onSessionEnded(reason);
  });
}

/**
 * The sign-in behind the socket ended but the user may sign in again without leaving the
 * page: close the socket (its server-side sign-in is gone) and keep it, with every page's
 * listeners on it, for `resumeRealtime`.
 */
export function suspendRealtime(): void {
  if (!socket) return;
  suspended = true;
  socket.disconnect();
  connection.state = 'idle';
}

/**
 * After signing in again: the same socket connects anew, its handshake carrying the new
 * cookie; pages re-join their rooms on 'connect' as after any reconnection.
 */
export function resumeRealtime(): void {
  suspended = false;
  if (!socket || socket.connected) return;
  connection.state = 'connecting';
  socket.connect();
}

export function disconnectRealtime(): void {
  const s = socket;
  socket = null;
  realtime.socket = null;
  s?.removeAllListeners();
  s?.io.removeAllListeners();
  s?.disconnect();
  connection.state = 'idle';
}

addEventListener('offline', () => {
  if (socket && !suspended) connection.state = 'lost';
});
addEventListener('online', () => {
  if (!socket || suspended) return;
  connection.state = socket.connected ? 'connected' : 'reconnecting';
  if (!socket.active) socket.connect();
});

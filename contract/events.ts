import type { Ack } from './errors.js';
import type { MeView } from './auth.js';

/**
 * socket.io event maps shared by server and client. Commands are `domain:verb` and always
 * acknowledge with `Ack<T>`; broadcasts are `domain:verbed`.
 */
export interface ClientToServerEvents {
  /** Who am I on this connection (re-checked on every connection and reconnection). */
  'me:get': (payload: Record<string, never>, ack: (res: Ack<MeView>) => void) => void;
}

export interface ServerToClientEvents {
  /** The sign-in session behind this socket ended (sign-out, idle timeout). */
  'session:ended': (payload: { reason: 'signed_out' | 'idle_timeout' | 'expired' }) => void;
}

export interface SocketData {
  userId: string;
  sessionId: string;
}

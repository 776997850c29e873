import { io as ioClient, type Socket } from 'socket.io-client';
import type { Types } from 'mongoose';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/events.js';
import type { Deps } from '../../server/src/app/deps.js';
import { openLogin, SESSION_COOKIE } from '../../server/src/auth/logins.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A session cookie minted directly (no argon2 round), for tests that need hundreds of users. */
export async function cookieFor(deps: Deps, userId: Types.ObjectId | string): Promise<string> {
  const token = await openLogin(deps, userId as Types.ObjectId);
  return `${SESSION_COOKIE}=${token}`;
}

/** A real socket.io client connected as that cookie's user. */
export async function connectSocket(url: string, cookie: string, opts: { reconnection?: boolean; userAgent?: string } = {}): Promise<ClientSocket> {
  const extraHeaders: Record<string, string> = { cookie, ...(opts.userAgent ? { 'user-agent': opts.userAgent } : {}) };
  const socket: ClientSocket = ioClient(url, { transports: ['websocket'], extraHeaders, reconnection: opts.reconnection ?? false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

import type { z } from 'zod';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket, type ServerOptions } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../../../../contract/events.js';
import type { RealtimeHub } from './hub.js';
import type { Logger } from '../log.js';
import { AppError, errors, internalErrorBody } from '../errors.js';
import { nfc } from '../shared/nfc.js';
import { rooms } from './rooms.js';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Who a connection or a command belongs to, as the sign-in layer answers it. */
export interface LoginOwner {
  userId: string;
  sessionId: string;
}

/**
 * What the socket framework needs from outside, given by the composition root: the sign-in
 * check (throws an AppError such as `session_expired` when the sign-in is gone), the log, and
 * a gauge of open connections. The framework itself knows no domain.
 */
export interface RealtimeEnv {
  log: Logger;
  logins: {
    /** The sign-in behind a handshake's Cookie header. */
    fromCookie(cookieHeader: string | undefined): Promise<LoginOwner>;
    /** The sign-in a connected socket runs under, checked again before each command. */
    byId(loginId: string): Promise<unknown>;
  };
  connections: { inc(): void; dec(): void };
}

/**
 * Attaches socket.io. The session cookie is checked on every connection and every
 * reconnection: connection-state recovery is on but does not skip the middleware. Which
 * handlers a connection gets is the composition root's choice (app/sockets.ts). With an
 * adapter (cluster mode: Redis streams), rooms and broadcasts span every server process.
 */
export function attachRealtime(httpServer: HttpServer, env: RealtimeEnv, adapter?: ServerOptions['adapter']): { io: AppServer; hub: RealtimeHub } {
  const io: AppServer = new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

  io.use(async (socket, next) => {
    try {
      const auth = await env.logins.fromCookie(socket.handshake.headers.cookie);
      socket.data.userId = auth.userId;
      socket.data.loginId = auth.sessionId;
      next();
    } catch (err) {
      const e = err instanceof AppError ? err : null;
      next(Object.assign(new Error(e?.code ?? 'unauthenticated'), { data: e?.toBody() }));
    }
  });

  io.on('connection', (socket) => {
    env.connections.inc();
    socket.join(rooms.login(socket.data.loginId));
    socket.join(rooms.user(socket.data.userId));
    socket.on('disconnect', () => env.connections.dec());
  });

  const hub: RealtimeHub = {
    endLogin(sessionId, reason) {
      const room = rooms.login(sessionId);
      io.to(room).emit('login:ended', { reason });
      io.in(room).disconnectSockets(true);
    },
    toSitting(sittingId, event, payload) {
      io.to(rooms.sitting(sittingId)).emit(event, payload);
    },
    toSession(sessionId, event, payload) {
      io.to(rooms.session(sessionId)).emit(event, payload);
    },
  };
  return { io, hub };
}

/**
 * Validates a socket payload at the boundary, its strings put in NFC first (shared/nfc.ts);
 * a bad one becomes a validation_failed ack.
 */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const r = schema.safeParse(nfc(payload));
  if (!r.success) throw errors.validation(r.error);
  return r.data;
}

/**
 * Wraps a handler: the last argument must be an ack function, the session must still be
 * live, and any throw becomes an error acknowledgement, never a crash.
 */
export function command<P>(env: RealtimeEnv, socket: AppSocket, handler: (payload: P) => Promise<unknown>) {
  return async (...args: unknown[]) => {
    // The ack is whatever comes last; `emit(name, ack)` (no payload) must still be answered.
    const last = args[args.length - 1];
    const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => {};
    const payload = (typeof args[0] === 'function' ? undefined : args[0]) as P;
    try {
      // By session id, not token: an _id lookup is the one query FerretDB answers from an index.
      await env.logins.byId(socket.data.loginId);
      reply({ ok: true, data: await handler(payload) });
    } catch (err) {
      if (err instanceof AppError) {
        if (err.code === 'session_expired') socket.emit('login:ended', { reason: 'idle_timeout' });
        reply(err.toBody());
      } else {
        env.log.error({ err, userId: socket.data.userId }, 'socket command failed');
        reply(internalErrorBody);
      }
    }
  };
}


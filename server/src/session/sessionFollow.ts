import type { Deps } from '../app/deps.js';
import type { AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import type { Actor } from '../council/actor.js';
import { rooms } from '../platform/realtime/rooms.js';

/**
 * A tablet's dossier page follows its session to hear of new documents and versions at once.
 * The dispatcher has found the sender a member of the session's council.
 */
export function registerSessionFollow(socket: AppSocket, _deps: Deps, d: Dispatcher<Actor>) {
  d.on(socket, 'session:follow', async ({ sessionId }) => {
    await socket.join(rooms.session(sessionId));
    return null;
  });
  d.on(socket, 'session:unfollow', async ({ sessionId }) => {
    await socket.leave(rooms.session(sessionId));
    return null;
  });
}

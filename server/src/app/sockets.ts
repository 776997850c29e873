import type { Deps } from './deps.js';
import { command, type AppServer } from '../platform/realtime/socket.js';
import { buildMeView } from '../auth/me.js';
import { registerSittingHandlers } from '../sitting/socketHandlers.js';
import { registerPresenterHandlers } from '../presenter/socketHandlers.js';
import { registerPollHandlers } from '../poll/socketHandlers.js';
import { registerMediaHandlers } from '../briefing/socketHandlers.js';
import { followFloor } from '../briefing/floor.js';

/**
 * Every domain's socket handlers, registered on each connection, and the briefing's floor
 * following the sitting. The composition root (app/) is the one place that names every
 * domain: the socket framework (realtime/socket.ts) names none, so the domains can import it
 * without a cycle.
 */
export function registerSocketHandlers(io: AppServer, deps: Deps): void {
  followFloor(deps, io);
  io.on('connection', (socket) => {
    socket.on('me:get', command(deps, socket, async () => buildMeView(deps, socket.data.userId)));
    registerSittingHandlers(socket, deps);
    registerPresenterHandlers(socket, deps);
    registerPollHandlers(socket, deps);
    registerMediaHandlers(socket, io, deps);
  });
}

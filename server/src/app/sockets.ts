import type { Deps } from './deps.js';
import type { AppServer, RealtimeEnv } from '../platform/realtime/socket.js';
import { createDispatcher } from '../platform/realtime/dispatch.js';
import { commandAuthoriser } from './commandAuth.js';
import { buildMeView } from '../auth/me.js';
import { registerSessionFollow } from '../session/sessionFollow.js';
import { registerSittingHandlers } from '../sitting/socketHandlers.js';
import { registerPresenterHandlers } from '../presenter/socketHandlers.js';
import { registerPollHandlers } from '../poll/socketHandlers.js';
import { registerMediaHandlers } from '../briefing/socketHandlers.js';
import { followFloor } from '../briefing/floor.js';
import { followDoors } from '../briefing/doors.js';
import { Presence } from '../sitting/presence.js';
import { registerPortalLive } from '../portal/socket.js';

/**
 * Every domain's socket handlers, registered on each connection through one dispatcher that
 * validates and authorises each command from contract/commands.ts, and the briefing's floor
 * following the sitting. The composition root (app/) is the one place that names every
 * domain: the socket framework (platform/realtime) names none, so the domains can import it
 * without a cycle.
 */
export function registerSocketHandlers(io: AppServer, deps: Deps, env: RealtimeEnv): Presence {
  followFloor(deps, io);
  followDoors(deps, io);
  // The public portal: anonymous, read-only, in a namespace of its own (no sign-in there).
  registerPortalLive(io, deps);
  const presence = new Presence(deps);
  const d = createDispatcher(env, commandAuthoriser(deps));
  io.on('connection', (socket) => {
    d.on(socket, 'me:get', async () => buildMeView(deps, socket.data.userId));
    registerSessionFollow(socket, deps, d);
    registerSittingHandlers(socket, deps, d, presence);
    registerPresenterHandlers(socket, deps, d);
    registerPollHandlers(socket, deps, d);
    registerMediaHandlers(socket, io, deps, d);
  });
  return presence;
}

import { z } from 'zod';
import { Id } from '../../../contract/common.js';
import type { Deps } from '../app/deps.js';
import { command, parsePayload, type AppSocket } from '../platform/realtime/socket.js';
import { loadSession, requireMember } from '../council/loaders.js';
import { rooms } from '../platform/realtime/rooms.js';

const Payload = z.object({ sessionId: Id });

/** A tablet's dossier page follows its session to hear of new documents and versions at once. */
export function registerSessionFollow(socket: AppSocket, deps: Deps) {
  const parse = (payload: unknown) => parsePayload(Payload, payload);
  socket.on('session:follow', command(deps, socket, async (payload: unknown) => {
    const session = await loadSession(deps, parse(payload).sessionId);
    await requireMember(deps, { userId: socket.data.userId, sessionId: socket.data.loginId }, session.councilId);
    await socket.join(rooms.session(String(session._id)));
    return null;
  }));
  socket.on('session:unfollow', command(deps, socket, async (payload: unknown) => {
    await socket.leave(rooms.session(parse(payload).sessionId));
    return null;
  }));
}

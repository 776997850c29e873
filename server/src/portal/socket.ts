import type { Namespace, Socket } from 'socket.io';
import { PORTAL_EVENTS, PORTAL_NAMESPACE, PortalFollow } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { AppError, internalErrorBody } from '../platform/errors.js';
import { parsePayload, type AppServer } from '../platform/realtime/socket.js';
import { buildPublicSitting } from './sittingView.js';
import { followPortalEvents } from './liveFeed.js';
import { recordingStore } from '../webcast/recordingStore.js';

/** An anonymous connection follows at most this many sittings at once. */
const MAX_FOLLOWS = 20;
const room = (sittingId: string) => `portal:${sittingId}`;

/**
 * Anonymous, read-only realtime for the public portal, in a namespace of its own
 * (PORTAL_NAMESPACE): the sign-in check of the members' namespace does not apply, and nothing
 * of the members' rooms or commands is reachable from here. A visitor follows a public
 * sitting (`portal:follow`, acknowledged with its PublicSitting) and receives `portal:sitting`
 * on every change of its public view, or `portal:gone` when it stops being public.
 */
export function registerPortalLive(io: AppServer, deps: Deps): void {
  // Its own events (contract/portal.ts), not the members' typed event maps.
  const nsp = io.of(PORTAL_NAMESPACE) as unknown as Namespace;
  followPortalEvents(deps, {
    followed: (id) => (nsp.adapter.rooms.get(room(id))?.size ?? 0) > 0,
    // Local: in a cluster each process's feed serves its own followers (liveFeed.ts).
    push: (id, view) => { nsp.local.to(room(id)).emit(PORTAL_EVENTS.sitting, view); },
    gone: (id) => {
      nsp.local.to(room(id)).emit(PORTAL_EVENTS.gone, { sittingId: id });
      nsp.local.in(room(id)).socketsLeave(room(id));
    },
  });
  // A recording sealed after the close: the page following it gets its player.
  recordingStore(deps).onSealed((id) => {
    if ((nsp.adapter.rooms.get(room(id))?.size ?? 0) === 0) return;
    buildPublicSitting(deps, id).then((view) => { nsp.to(room(id)).emit(PORTAL_EVENTS.sitting, view); }, () => {});
  });
  nsp.on('connection', (socket) => {
    socket.on(PORTAL_EVENTS.follow, answer(deps, socket, async (payload) => {
      const { sittingId } = parsePayload(PortalFollow, payload);
      const following = [...socket.rooms].filter((r) => r.startsWith('portal:'));
      if (!following.includes(room(sittingId)) && following.length >= MAX_FOLLOWS) throw new AppError('conflict', `Chỉ theo dõi được tối đa ${MAX_FOLLOWS} phiên họp cùng lúc. / At most ${MAX_FOLLOWS} sittings at once.`);
      // Joined before the view is read, so no change between the two is missed.
      await socket.join(room(sittingId));
      try {
        return await buildPublicSitting(deps, sittingId);
      } catch (err) {
        await socket.leave(room(sittingId));
        throw err;
      }
    }));
    socket.on(PORTAL_EVENTS.unfollow, answer(deps, socket, async (payload) => {
      const { sittingId } = parsePayload(PortalFollow, payload);
      await socket.leave(room(sittingId));
      return null;
    }));
  });
}

/** The ack of a portal event: `{ ok: true, data }` or the error shape; never a crash. */
function answer(deps: Deps, socket: Socket, handler: (payload: unknown) => Promise<unknown>) {
  return async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => {};
    try {
      reply({ ok: true, data: await handler(typeof args[0] === 'function' ? undefined : args[0]) });
    } catch (err) {
      if (err instanceof AppError) reply(err.toBody());
      else {
        deps.log.error({ err, socketId: socket.id }, 'portal socket event failed');
        reply(internalErrorBody);
      }
    }
  };
}

import type { SittingCommandName } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import type { AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import { snapshot } from './store.js';
import { runSittingCommand } from './run.js';
import { actorFor, type Actor } from '../council/actor.js';
import { appendAudit } from '../audit/append.js';
import { seesDrafts } from './visibility.js';
import { chains } from '../audit/chains.js';
import { rooms } from '../platform/realtime/rooms.js';
import { deviceLabel } from './device.js';
import type { Presence } from './presence.js';

const SITTING_COMMANDS: readonly SittingCommandName[] = ['sitting:setStatus', 'sitting:setClosedDoors', 'agenda:setCurrent', 'attendance:checkIn', 'floor:request', 'floor:withdraw', 'floor:reorder', 'floor:grant', 'floor:end'];

/** Observers and meeting points' operators (and nobody else) are refused a closed sitting (sitting:join). */
const outsider = (actor: Actor) => actor.roles.every((r) => r === 'observer' || r === 'meeting_point_operator');

/**
 * The doors closed (họp kín) while screens follow the sitting: the screens of those refused a
 * closed sitting, to leave its room, so no delta after the one saying the doors closed reaches
 * them (that one does: their screen learns why it stops).
 */
async function outsidersIn(socket: AppSocket, deps: Deps, sittingId: string) {
  const s = await deps.models.Sitting.findById(sittingId, { councilId: 1 }).lean<{ councilId: unknown }>();
  if (!s) return [];
  const out = [];
  for (const other of await socket.nsp.in(rooms.sitting(sittingId)).fetchSockets()) {
    if (outsider(await actorFor(deps, other.data.userId, String(s.councilId)))) out.push(other);
  }
  return out;
}

/** Sitting signalling: join with a snapshot, then validated, authorised, idempotent commands. */
export function registerSittingHandlers(socket: AppSocket, deps: Deps, d: Dispatcher<Actor>, presence: Presence) {
  const following = new Set<string>();
  socket.on('disconnect', () => { for (const id of following) presence.left(id, socket.data.userId, socket.id); following.clear(); });
  // The dispatcher has validated the payload and found the sender a member of the sitting's council.
  d.on(socket, 'sitting:join', async ({ sittingId }, { actor }) => {
    const snap = await snapshot(deps, sittingId);
    // A draft is not there for anyone but its staff (not even its existence).
    if (snap.state.status === 'draft' && !seesDrafts(actor.roles)) throw errors.notFound('phiên họp');
    if (snap.state.closedDoors && outsider(actor)) {
      deps.log.warn({ userId: socket.data.userId, sittingId }, 'closed sitting refused');
      throw errors.forbidden('tham dự phiên họp kín');
    }
    if (snap.state.closedDoors) {
      // Every access to a closed sitting (họp kín) is logged in its audit chain.
      await appendAudit(deps, { chain: chains.sitting(sittingId), actorId: socket.data.userId, action: 'sitting:accessed', subject: { kind: 'sitting', id: sittingId }, data: { roles: actor.roles.join(',') } });
    }
    // Join first, then read the snapshot again: a change applied meanwhile is then either in
    // the snapshot or delivered as a delta (the mirror ignores deltas it already has).
    await socket.join(rooms.sitting(sittingId));
    const snap2 = await snapshot(deps, sittingId);
    following.add(sittingId);
    presence.joined(sittingId, socket.data.userId, socket.id, snap2.state.attendance);
    return snap2;
  });

  d.on(socket, 'sitting:leave', async ({ sittingId }) => {
    await socket.leave(rooms.sitting(sittingId));
    if (following.delete(sittingId)) presence.left(sittingId, socket.data.userId, socket.id);
    return null;
  });

  d.on(socket, 'sitting:snapshot', async ({ sittingId }) => {
    if (!socket.rooms.has(rooms.sitting(sittingId))) throw errors.forbidden('xem phiên họp chưa tham gia');
    return snapshot(deps, sittingId);
  });

  for (const name of SITTING_COMMANDS) {
    d.on(socket, name, async (p, { actor }) => {
      try {
        // A check-in names the device it came from (its user agent, as this server received it).
        const payload = name === 'attendance:checkIn' ? { ...p, device: deviceLabel(socket.handshake.headers['user-agent']) } : p;
        // Applied and recorded where the sitting's owner is (this process unless in a cluster).
        const applied = await runSittingCommand(deps, { name, payload, actor });
        // Doors closed during the sitting: whoever may not follow a closed sitting stops following
        // it with this delta (found first, so nothing is awaited between the delta and the leave).
        const outsiders = applied.delta?.patch.closedDoors === true ? await outsidersIn(socket, deps, p.sittingId) : [];
        if (applied.delta) deps.events.publish('sitting.changed', applied.delta);
        for (const other of outsiders) other.leave(rooms.sitting(p.sittingId));
        return { version: applied.version };
      } catch (err) {
        if ((err as { code?: string }).code === 'forbidden') deps.log.warn({ userId: socket.data.userId, command: name, sittingId: p.sittingId }, 'socket command refused');
        throw err;
      }
    });
  }
}

import type { z } from 'zod';
import { SittingJoin, SetCurrentItem, SetStatus, CheckIn, RequestFloor, WithdrawFloor, ReorderQueue, GrantFloor, EndFloor, type SittingCommandName } from '../../../contract/sitting.js';
import type { Deps } from '../app/deps.js';
import { errors } from '../platform/errors.js';
import { command, parsePayload, type AppSocket } from '../platform/realtime/socket.js';
import { applyCommand, snapshot } from './store.js';
import { actorFor } from '../council/actor.js';
import { afterCommand } from './effects.js';
import { appendAudit } from '../audit/append.js';
import { registerSessionFollow } from '../session/sessionFollow.js';
import { seesDrafts } from './visibility.js';
import { chains } from '../audit/chains.js';
import { rooms } from '../platform/realtime/rooms.js';

const COMMANDS: Record<SittingCommandName, z.ZodType<{ sittingId: string; commandId: string }>> = {
  'sitting:setStatus': SetStatus,
  'agenda:setCurrent': SetCurrentItem,
  'attendance:checkIn': CheckIn,
  'floor:request': RequestFloor,
  'floor:withdraw': WithdrawFloor,
  'floor:reorder': ReorderQueue,
  'floor:grant': GrantFloor,
  'floor:end': EndFloor,
};


const parse = parsePayload;

/** Sitting signalling: join with a snapshot, then validated, authorised, idempotent commands. */
export function registerSittingHandlers(socket: AppSocket, deps: Deps) {
  registerSessionFollow(socket, deps);
  socket.on('sitting:join', command(deps, socket, async (payload: unknown) => {
    const { sittingId } = parse(SittingJoin, payload);
    const snap = await snapshot(deps, sittingId);
    const actor = await actorFor(deps, socket.data.userId, snap.state.councilId);
    if (actor.roles.length === 0) throw errors.forbidden('theo dõi phiên họp này');
    // A draft is not there for anyone but its staff (not even its existence).
    if (snap.state.status === 'draft' && !seesDrafts(actor.roles)) throw errors.notFound('phiên họp');
    if (snap.state.closedDoors && actor.roles.every((r) => r === 'observer' || r === 'meeting_point_operator')) {
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
    return snapshot(deps, sittingId);
  }));

  socket.on('sitting:leave', command(deps, socket, async (payload: unknown) => {
    const { sittingId } = parse(SittingJoin, payload);
    await socket.leave(rooms.sitting(sittingId));
    return null;
  }));

  socket.on('sitting:snapshot', command(deps, socket, async (payload: unknown) => {
    const { sittingId } = parse(SittingJoin, payload);
    if (!socket.rooms.has(rooms.sitting(sittingId))) throw errors.forbidden('xem phiên họp chưa tham gia');
    return snapshot(deps, sittingId);
  }));

  for (const [name, schema] of Object.entries(COMMANDS) as Array<[SittingCommandName, z.ZodType<{ sittingId: string; commandId: string }>]>) {
    socket.on(name, command(deps, socket, async (payload: unknown) => {
      const p = parse(schema, payload);
      try {
        const applied = await applyCommand(deps, name, p, socket.data.userId);
        if (applied.delta) deps.events.publish('sitting.changed', applied.delta);
        if (applied.change) {
          await afterCommand(deps, { name, sittingId: p.sittingId, version: applied.version, actorId: socket.data.userId, ...applied.change });
        }
        return { version: applied.version };
      } catch (err) {
        if ((err as { code?: string }).code === 'forbidden') deps.log.warn({ userId: socket.data.userId, command: name, sittingId: p.sittingId }, 'sitting command refused');
        throw err;
      }
    }));
  }
}

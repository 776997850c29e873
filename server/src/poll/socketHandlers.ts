import { errors } from '../platform/errors.js';
import type { Deps } from '../app/deps.js';
import type { AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import type { Actor } from '../council/actor.js';
import { createPoll, publishPoll } from './lifecycle.js';
import { broadcastClosed } from './broadcast.js';
import { open, vote, close } from './commands.js';
import { listPolls } from './list.js';
import { deletePoll, updatePoll } from './drafts.js';
import { rooms } from '../platform/realtime/rooms.js';


/**
 * Poll commands. Every one is validated and authorised by its role in the poll's council by the
 * dispatcher (contract/commands.ts), checked against the poll's state in lifecycle.ts /
 * ballots.ts, idempotent, and acknowledged after its durable write. Broadcasts go to the sitting's room: `poll:changed`
 * (the poll's view; a draft's edit too), `poll:deleted` (a draft deleted), `poll:progress` (a count only) and `poll:tallied` (after close).
 */
export function registerPollHandlers(socket: AppSocket, deps: Deps, d: Dispatcher<Actor>) {
  d.on(socket, 'poll:list', async ({ sittingId }) => {
    // sitting:join authorised this socket for the sitting (roles, closed doors) and joined its room.
    if (!socket.rooms.has(rooms.sitting(sittingId))) throw errors.forbidden('xem biểu quyết của phiên họp chưa tham gia');
    return listPolls(deps, sittingId, socket.data.userId);
  });
  d.on(socket, 'poll:create', async (input) => {
    const view = await createPoll(deps, input, socket.data.userId);
    deps.events.publish('poll.changed', view);
    return view;
  });
  d.on(socket, 'poll:update', async (input) => {
    const view = await updatePoll(deps, input, socket.data.userId);
    deps.events.publish('poll.changed', view);
    return view;
  });
  d.on(socket, 'poll:delete', async ({ pollId, commandId }) => {
    const gone = await deletePoll(deps, pollId, commandId, socket.data.userId);
    deps.events.publish('poll.deleted', gone);
    return gone;
  });
  // The rest run on the sitting's owner process (commands.ts): the close gate and the timers are there.
  d.on(socket, 'poll:open', async (p) => open(deps, { pollId: p.pollId, userId: socket.data.userId, durationSeconds: p.durationSeconds }));
  d.on(socket, 'poll:reopen', async (p) => open(deps, { pollId: p.pollId, userId: socket.data.userId, durationSeconds: p.durationSeconds, fromRound: p.fromRound }));
  d.on(socket, 'poll:vote', async (input) => vote(deps, input, socket.data.userId));
  d.on(socket, 'poll:close', async ({ pollId }) => close(deps, { pollId, userId: socket.data.userId }));
  d.on(socket, 'poll:publish', async ({ pollId }) => {
    const { poll, tally } = await publishPoll(deps, pollId, socket.data.userId);
    await broadcastClosed(deps, poll, tally); // now with each delegate's choice, for a named poll
    return tally;
  });
}

import { errors } from '../platform/errors.js';
import type { Deps } from '../app/deps.js';
import type { AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import type { Actor } from '../council/actor.js';
import { createPoll, openPoll, closePoll, reopenPoll, publishPoll, loadPollForBallot } from './lifecycle.js';
import { castBallot, ballotCount } from './ballots.js';
import { broadcastChanged, broadcastClosed, tallyAsShown } from './broadcast.js';
import { armTimer } from './timer.js';
import { listPolls } from './list.js';
import { deletePoll, updatePoll } from './drafts.js';
import { rooms } from '../platform/realtime/rooms.js';


/** Progress broadcasts, at most one per poll round every PROGRESS_MS: only the number of ballots. */
const PROGRESS_MS = 100;
const pending = new Set<string>();
function scheduleProgress(deps: Deps, poll: { sittingId: string; pollId: string; round: number; secret: boolean }) {
  const { sittingId, pollId, round } = poll;
  const key = `${pollId}:${round}`;
  if (pending.has(key)) return;
  pending.add(key);
  setTimeout(() => {
    pending.delete(key);
    ballotCount(deps, pollId, round, poll.secret).then(
      (ballots) => deps.events.publish('poll.progress', { sittingId, pollId, round, ballots }),
      (err) => deps.log.warn({ err, pollId }, 'poll progress count failed'),
    );
  }, PROGRESS_MS).unref?.();
}

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
  d.on(socket, 'poll:open', async (p) => {
    const poll = await openPoll(deps, p.pollId, socket.data.userId, p.durationSeconds);
    armTimer(deps, poll);
    return broadcastChanged(deps, poll);
  });
  d.on(socket, 'poll:reopen', async (p) => {
    const poll = await reopenPoll(deps, p.pollId, p.fromRound, socket.data.userId, p.durationSeconds);
    armTimer(deps, poll);
    return broadcastChanged(deps, poll);
  });
  d.on(socket, 'poll:vote', async (input) => {
    let receipt;
    try {
      receipt = await castBallot(deps, input, socket.data.userId);
    } catch (err) {
      // Who was refused and why — never the choices (nor does the logger let them through).
      deps.log.info({ userId: socket.data.userId, pollId: input.pollId, round: input.round, code: (err as { code?: unknown }).code }, 'ballot refused');
      throw err;
    }
    // No voter id here: a log line of "who, when" beside "ballot stored" would order the ballots.
    deps.log.debug({ pollId: receipt.pollId, round: receipt.round }, 'ballot stored');
    const p = await loadPollForBallot(deps, receipt.pollId);
    scheduleProgress(deps, { sittingId: String(p.sittingId), pollId: receipt.pollId, round: receipt.round, secret: p.secret });
    return receipt;
  });
  d.on(socket, 'poll:close', async ({ pollId }) => {
    const { poll, tally, announce } = await closePoll(deps, pollId, socket.data.userId);
    // Many closes of one round (the chair's resends, several screens, the timer) all get the
    // tally; the room is told once.
    if (announce) await broadcastClosed(deps, poll, tally);
    return tallyAsShown(tally, poll.status);
  });
  d.on(socket, 'poll:publish', async ({ pollId }) => {
    const { poll, tally } = await publishPoll(deps, pollId, socket.data.userId);
    await broadcastClosed(deps, poll, tally); // now with each delegate's choice, for a named poll
    return tally;
  });
}

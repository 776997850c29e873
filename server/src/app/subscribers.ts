import type { Deps } from './deps.js';
import type { AppServer } from '../platform/realtime/socket.js';
import { rooms } from '../platform/realtime/rooms.js';
import { recordDocumentOpen } from '../convening/readStatus.js';
import { forgetSessionContext } from '../sitting/context.js';

/**
 * The socket broadcasts that follow domain events: the domains publish what changed
 * (app/domainEvents.ts), and only this file turns it into messages to the screens following
 * a sitting. Subscribed before anything else, so screens hear of a change first.
 */
export function broadcastDomainEvents(io: AppServer, deps: Deps): void {
  deps.events.subscribe('sitting.changed', (delta) => { io.to(rooms.sitting(delta.sittingId)).emit('sitting:changed', delta); });
  deps.events.subscribe('poll.changed', (view) => { io.to(rooms.sitting(view.sittingId)).emit('poll:changed', view); });
  deps.events.subscribe('poll.deleted', (gone) => { io.to(rooms.sitting(gone.sittingId)).emit('poll:deleted', gone); });
  deps.events.subscribe('poll.tallied', ({ sittingId, tally }) => { io.to(rooms.sitting(sittingId)).emit('poll:tallied', tally); });
  deps.events.subscribe('presenter.paged', (page) => { io.to(rooms.sitting(page.sittingId)).emit('presenter:paged', page); });
  deps.events.subscribe('poll.progress', ({ sittingId, pollId, round, ballots }) => { io.to(rooms.sitting(sittingId)).emit('poll:progress', { pollId, round, ballots }); });
  // Not a broadcast: the secretariat's read status (convening/) keeps each reader's first open.
  deps.events.subscribe('document.opened', (e) => recordDocumentOpen(deps, e));
  // Nor this: the sittings' cached context of a cancelled session is dropped at once.
  deps.events.subscribe('session.cancelled', ({ sessionId }) => forgetSessionContext(deps, sessionId), 'everywhere');
}

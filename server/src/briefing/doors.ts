import type { Deps } from '../app/deps.js';
import type { AppServer, AppSocket } from '../platform/realtime/socket.js';
import { rooms } from '../platform/realtime/rooms.js';
import { recheckAccess } from './access.js';
import { closeSession, sessionOf } from './session.js';

/**
 * Takes out of a briefing, at once, every connection the sitting no longer admits: a commune
 * room, an observer, a delegate on their own device when the sitting turns closed-door (họp
 * kín) — not at their next command, which a page that only receives may never send. Each is
 * told ('closed_doors'); joining again is refused with the reason.
 */
export async function expelRefused(deps: Deps, io: AppServer, sittingId: string): Promise<number> {
  let expelled = 0;
  for (const socket of await io.local.in(rooms.briefing(sittingId)).fetchSockets()) {
    const local = socket as unknown as AppSocket;
    let session;
    try { session = sessionOf(local); } catch { continue; }
    try {
      await recheckAccess(deps, local.data.userId, session.access);
    } catch {
      closeSession(local);
      local.emit('media:restart', { reason: 'closed_doors' });
      expelled += 1;
    }
  }
  return expelled;
}

/** Called once per server: a sitting made closed-door clears its briefing of those it no longer admits. */
export function followDoors(deps: Deps, io: AppServer): void {
  deps.events.subscribe('sitting.changed', (delta) => {
    if ((delta.patch as { closedDoors?: boolean }).closedDoors !== true) return;
    expelRefused(deps, io, delta.sittingId).catch((err) => deps.log.error({ err, sittingId: delta.sittingId }, 'closed-door expulsion from the briefing failed'));
  }, 'everywhere'); // each process clears its own briefing rooms
}

import type { Deps } from '../app/deps.js';
import type { AppServer } from '../platform/realtime/socket.js';
import { loadBriefingSitting } from './access.js';
import { MediaService } from '../../../media/src/MediaService.js';
import { rooms } from '../platform/realtime/rooms.js';

/**
 * The floor of a briefing follows the sitting's speaker state: after a change to the speaker,
 * the attendance or the status is applied, the speaker is read again and the room's floor set
 * to the speaker's meeting point, or to the speaker when they attend from their own device
 * (null for a speaker in the hall or nobody). A closed sitting closes its briefing.
 */
export async function syncFloor(deps: Deps, io: AppServer, sittingId: string): Promise<void> {
  if (!(deps.media instanceof MediaService)) return;
  const room = await deps.media.existing(sittingId)?.catch(() => undefined);
  if (!room || room.closed) return;
  const { floor, status } = await loadBriefingSitting(deps, sittingId);
  if (status === 'closed') {
    // The sitting ended: so does its briefing.
    io.local.to(rooms.briefing(sittingId)).emit('media:restart', { reason: 'ended' });
    room.close();
    return;
  }
  if (room.floor === floor) return;
  // Told once the server has paused the microphones that lost the floor: nothing said after
  // "the floor ended" reaches anyone.
  await room.setFloor(floor);
  io.local.to(rooms.briefing(sittingId)).emit('media:floor', { holder: floor });
}

/**
 * Called once per server: every applied sitting change that moves the speaker, the attendance or the status
 * brings the sitting's briefing (if any) in line.
 */
export function followFloor(deps: Deps, io: AppServer): void {
  deps.events.subscribe('sitting.changed', (delta) => {
    if (!('speaking' in delta.patch) && !('status' in delta.patch) && !('attendance' in delta.patch)) return;
    syncFloor(deps, io, delta.sittingId).catch((err) => deps.log.error({ err, sittingId: delta.sittingId }, 'media floor sync failed'));
  }, 'everywhere'); // each process brings its own briefing rooms in line
}

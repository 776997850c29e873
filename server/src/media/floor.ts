import type { Deps } from '../deps.js';
import type { AppServer, AppSocket } from '../realtime/socket.js';
import { loadBriefingSitting } from './access.js';
import { mediaRoom } from './service.js';
import { MediaService } from '../../../media/src/MediaService.js';

/** Sitting commands that may move the floor (lượt phát biểu). */
const FLOOR_COMMANDS = new Set(['floor:grant', 'floor:end', 'floor:withdraw', 'sitting:setStatus']);

/**
 * The floor of a briefing follows the sitting's speaker state: after a floor command is
 * acknowledged as applied, the speaker is read again and the room's floor set to the
 * speaker's meeting point (null for a speaker in the hall or nobody). A closed sitting
 * closes its briefing.
 */
export async function syncFloor(deps: Deps, io: AppServer, sittingId: string): Promise<void> {
  if (!(deps.media instanceof MediaService)) return;
  const room = await deps.media.existing(sittingId)?.catch(() => undefined);
  if (!room || room.closed) return;
  const { floor, status } = await loadBriefingSitting(deps, sittingId);
  if (status === 'closed') {
    // The sitting ended: so does its briefing.
    io.to(mediaRoom(sittingId)).emit('media:restart', { reason: 'ended' });
    room.close();
    return;
  }
  if (room.floor === floor) return;
  room.setFloor(floor);
  io.to(mediaRoom(sittingId)).emit('media:floor', { meetingPointId: floor });
}

/** Watches this socket's floor commands (socket middleware wraps their acknowledgement). */
export function watchFloorCommands(socket: AppSocket, io: AppServer, deps: Deps): void {
  socket.use((packet, next) => {
    const [event, payload] = packet as unknown as [string, unknown];
    const last = packet.length - 1;
    const ack = packet[last];
    if (FLOOR_COMMANDS.has(event) && typeof ack === 'function' && last > 0) {
      const sittingId = (payload as { sittingId?: unknown } | null)?.sittingId;
      packet[last] = (res: { ok?: boolean }) => {
        (ack as (r: unknown) => void)(res);
        if (res?.ok && typeof sittingId === 'string') {
          syncFloor(deps, io, sittingId).catch((err) => deps.log.error({ err, sittingId }, 'media floor sync failed'));
        }
      };
    }
    next();
  });
}

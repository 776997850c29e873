import type { MediaJoin, MediaJoined, RtpCapabilities } from '../../../contract/media.js';
import type { z } from 'zod';
import type { Deps } from '../app/deps.js';
import type { AppServer, AppSocket } from '../platform/realtime/socket.js';
import { authoriseJoin } from './access.js';
import { mediaOf, rosterOf, wireRoom } from './service.js';
import { openLogin } from './session.js';
import { rooms } from '../platform/realtime/rooms.js';

/** media:join — authorised by the sitting's roles and meeting points; answers what Device.load() needs. */
export async function joinBriefing(deps: Deps, io: AppServer, socket: AppSocket, p: z.output<typeof MediaJoin>): Promise<MediaJoined> {
  const service = mediaOf(deps);
  const sitting = await authoriseJoin(deps, socket.data.userId, p.sittingId, p.role, p.meetingPointId);
  const [user, point] = await Promise.all([
    deps.models.User.findById(socket.data.userId, { displayName: 1 }).lean(),
    p.role === 'room' && p.meetingPointId ? deps.models.MeetingPoint.findById(p.meetingPointId, { name: 1 }).lean() : null,
  ]);
  const room = await service.room(p.sittingId);
  await room.ready();
  wireRoom(io, room);
  // Cluster mode: this process's room of the briefing linked to the hub's (cascade.ts).
  await deps.cascades?.ensure(room);
  if (room.floor !== sitting.floor) {
    // The sitting is the source of truth (a floor change may have come from elsewhere).
    await room.setFloor(sitting.floor);
    io.local.to(rooms.briefing(room.id)).emit('media:floor', { holder: sitting.floor });
  }
  const meetingPointId = p.role === 'room' ? p.meetingPointId : null;
  const { peer, producers } = await room.join({ userId: socket.data.userId, displayName: user?.displayName ?? '', role: p.role, meetingPointId });
  await openLogin(deps, socket, io, room, peer, {
    peerId: peer.id, userId: socket.data.userId, displayName: peer.displayName, role: p.role, meetingPointId, meetingPointName: point?.name ?? null,
  }, p.sittingId);
  return {
    peerId: peer.id,
    rtpCapabilities: room.rtpCapabilities as RtpCapabilities,
    producers,
    peers: rosterOf(room),
    floor: room.floor,
  };
}

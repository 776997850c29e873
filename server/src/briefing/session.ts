import type { MediaLayersView, MediaPeerView } from '../../../contract/media.js';
import type { AppServer, AppSocket } from '../platform/realtime/socket.js';
import type { Room } from '../../../media/src/Room.js';
import type { Peer } from '../../../media/src/Peer.js';
import { mediaErrors } from './errors.js';
import { rememberView, rosterOf } from './service.js';
import { rooms } from '../platform/realtime/rooms.js';
import type { Deps } from '../app/deps.js';
import { setLinkScore } from '../sitting/links.js';

/** One connection's place in a briefing: its room and its peer. */
export interface MediaSession {
  room: Room;
  peer: Peer;
  /** What the join was authorised for, checked again before every later command. */
  access: { sittingId: string; role: MediaPeerView['role']; meetingPointId: string | null };
}

const sessions = new WeakMap<AppSocket, MediaSession>();

export function sessionOf(socket: AppSocket): MediaSession {
  const s = sessions.get(socket);
  if (!s || s.peer.closed) throw mediaErrors.notJoined();
  return s;
}

/** Starts a session: the peer's events go to this socket, the roster to everyone. */
export async function openLogin(deps: Deps, socket: AppSocket, io: AppServer, room: Room, peer: Peer, view: MediaPeerView, sittingId: string): Promise<void> {
  closeSession(socket);
  rememberView(peer, view);
  sessions.set(socket, { room, peer, access: { sittingId, role: view.role, meetingPointId: view.meetingPointId } });
  const quality = new Map<string, MediaLayersView>();
  const report = (consumerId: string, change: Partial<MediaLayersView>) => {
    const q = { ...(quality.get(consumerId) ?? { consumerId, score: 10, producerScore: 10, spatialLayer: null }), ...change };
    quality.set(consumerId, q);
    socket.emit('media:quality', q);
  };
  peer.on('produceravailable', (info) => socket.emit('media:producer', info));
  peer.on('consumerclosed', (consumerId) => { quality.delete(consumerId); socket.emit('media:consumerClosed', { consumerId }); });
  peer.on('consumerscore', (consumerId, score, producerScore) => report(consumerId, { score, producerScore }));
  peer.on('consumerlayers', (consumerId, spatialLayer) => report(consumerId, { spatialLayer }));
  peer.on('sendscore', (score) => {
    socket.emit('media:sendQuality', { score });
    // A delegate on their own device: the secretariat sees how well the device sends.
    if (view.role === 'remote') setLinkScore(deps, sittingId, view.userId, score).catch((err) => deps.log.warn({ err, sittingId }, 'link score not recorded'));
  });
  peer.once('close', (reason) => {
    if (sessions.get(socket)?.peer === peer) sessions.delete(socket);
    // A worker death is announced to the whole room; a silent peer is told on its own.
    if (reason === 'silent') socket.emit('media:restart', { reason: 'silent' });
  });
  await socket.join(rooms.briefing(room.id));
  io.local.to(rooms.briefing(room.id)).emit('media:peers', rosterOf(room));
}

/** Leaves the briefing (closing the peer and its transports); safe when not joined. */
export function closeSession(socket: AppSocket): void {
  const s = sessions.get(socket);
  if (!s) return;
  sessions.delete(socket);
  s.peer.close('left');
  void socket.leave(rooms.briefing(s.room.id));
}

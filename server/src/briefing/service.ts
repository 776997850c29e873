import { MediaPeerViewSchema, type MediaPeerView } from '../../../contract/media.js';
import type { Deps } from '../app/deps.js';
import type { AppServer } from '../platform/realtime/socket.js';
import { MediaService } from '../../../media/src/MediaService.js';
import type { Room } from '../../../media/src/Room.js';
import type { Peer } from '../../../media/src/Peer.js';
import { mediaErrors } from './errors.js';
import { rooms } from '../platform/realtime/rooms.js';

/** socket.io room of a briefing's media participants. */

/** The media service, or not_ready when this server runs without one. */
export function mediaOf(deps: Deps): MediaService {
  if (!(deps.media instanceof MediaService)) throw mediaErrors.disabled();
  return deps.media;
}

const views = new WeakMap<Peer, MediaPeerView>();
const wired = new WeakSet<Room>();

export function rememberView(peer: Peer, view: MediaPeerView): void {
  views.set(peer, view);
}

/**
 * Who is in the briefing: this server's peers, and (cluster mode) the peers of other servers
 * that send here, as their servers described them (cascade.ts).
 */
export const rosterOf = (room: Room): MediaPeerView[] => [
  ...room.peers().flatMap((p) => views.get(p) ?? []),
  ...[...room.remotePeers().values()].flatMap((about) => {
    const v = MediaPeerViewSchema.safeParse(about);
    return v.success ? [v.data as MediaPeerView] : [];
  }),
];

/** A local peer's roster entry, by peer id (what the cascade tells other servers). */
export const viewOfPeer = (room: Room, peerId: string): MediaPeerView | null => {
  const p = room.peers().find((x) => x.id === peerId);
  return p ? views.get(p) ?? null : null;
};

/** Broadcasts the room's events to its participants, once per room. */
export function wireRoom(io: AppServer, room: Room): void {
  if (wired.has(room)) return;
  wired.add(room);
  const to = () => io.local.to(rooms.briefing(room.id));
  room.on('restarted', () => to().emit('media:restart', { reason: 'worker_died' }));
  room.on('dominantspeaker', (peerId) => to().emit('media:speaker', { peerId }));
  room.on('peerclosed', (_peer, reason) => { if (reason !== 'restart') to().emit('media:peers', rosterOf(room)); });
  // Peers of other servers appear with their first producer here and go with their last.
  room.on('producer', (s) => {
    if (!s.via) return;
    to().emit('media:peers', rosterOf(room));
    s.producer.observer.once('close', () => to().emit('media:peers', rosterOf(room)));
  });
}

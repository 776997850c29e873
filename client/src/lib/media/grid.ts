import type { MediaPeerView, MediaProducerView } from '../../../../contract/media.js';

/** Commune rooms shown at once in the chair's grid: a 700-room briefing is paged, not all received. */
export const GRID_PAGE_SIZE = 12;

const isRoomCamera = (p: MediaProducerView, byPeer: Map<string, MediaPeerView>) =>
  p.kind === 'video' && p.source === 'camera' && byPeer.get(p.peerId)?.role === 'room';

/** Room cameras offered to this screen, in the order of their meeting points' names. */
export function roomCameras(offers: MediaProducerView[], peers: MediaPeerView[]): MediaProducerView[] {
  const byPeer = new Map(peers.map((p) => [p.peerId, p]));
  const name = (p: MediaProducerView) => byPeer.get(p.peerId)?.meetingPointName ?? '';
  return offers.filter((p) => isRoomCamera(p, byPeer)).sort((a, b) => name(a).localeCompare(name(b), 'vi'));
}

/**
 * The offered producers this screen should receive now: everything, except room cameras
 * outside the grid's current page (the floor holder's camera is always received).
 */
export function wantedProducers(offers: MediaProducerView[], peers: MediaPeerView[], floor: string | null, page: number): Set<string> {
  const byPeer = new Map(peers.map((p) => [p.peerId, p]));
  const cams = roomCameras(offers, peers);
  const onPage = new Set(cams.slice(page * GRID_PAGE_SIZE, (page + 1) * GRID_PAGE_SIZE).map((p) => p.producerId));
  const wanted = new Set<string>();
  for (const p of offers) {
    const floorHolder = floor !== null && byPeer.get(p.peerId)?.meetingPointId === floor;
    if (!isRoomCamera(p, byPeer) || floorHolder || onPage.has(p.producerId)) wanted.add(p.producerId);
  }
  return wanted;
}

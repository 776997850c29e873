import { holdsFloor, type MediaPeerView, type MediaProducerView } from '../../../../contract/media.js';

/** Cameras shown at once in the chair's grid: a 700-room briefing is paged, not all received. */
export const GRID_PAGE_SIZE = 12;

/** Whether a peer's camera belongs in the chair's grid: a commune room, or a delegate on their own device. */
export const inGrid = (peer: MediaPeerView | undefined): boolean => peer?.role === 'room' || peer?.role === 'remote';

const isGridCamera = (p: MediaProducerView, byPeer: Map<string, MediaPeerView>) =>
  p.kind === 'video' && p.source === 'camera' && inGrid(byPeer.get(p.peerId));

/**
 * The cameras of the chair's grid offered to this screen — commune rooms and delegates on
 * their own devices — in the order of their captions (the meeting point's name, or the person's).
 */
export function roomCameras(offers: MediaProducerView[], peers: MediaPeerView[]): MediaProducerView[] {
  const byPeer = new Map(peers.map((p) => [p.peerId, p]));
  const name = (p: MediaProducerView) => {
    const peer = byPeer.get(p.peerId);
    return peer?.meetingPointName ?? peer?.displayName ?? '';
  };
  return offers.filter((p) => isGridCamera(p, byPeer)).sort((a, b) => name(a).localeCompare(name(b), 'vi'));
}

/**
 * The offered producers this screen should receive now: everything, except grid cameras
 * outside the grid's current page (the floor holder's camera is always received).
 */
export function wantedProducers(offers: MediaProducerView[], peers: MediaPeerView[], floor: string | null, page: number): Set<string> {
  const byPeer = new Map(peers.map((p) => [p.peerId, p]));
  const cams = roomCameras(offers, peers);
  const onPage = new Set(cams.slice(page * GRID_PAGE_SIZE, (page + 1) * GRID_PAGE_SIZE).map((p) => p.producerId));
  const wanted = new Set<string>();
  for (const p of offers) {
    const peer = byPeer.get(p.peerId);
    const floorHolder = !!peer && holdsFloor(peer, floor);
    if (!isGridCamera(p, byPeer) || floorHolder || onPage.has(p.producerId)) wanted.add(p.producerId);
  }
  return wanted;
}

/**
 * When the floor moves, the holder's voice comes before their picture: each new consumer is
 * a renegotiation, one after the other on the receiving transport, and on a busy tablet one
 * takes half a second. So the holder's camera waits while their microphone is not offered
 * yet (it is opened at the grant), up to `VOICE_FIRST_MS`; and wanted producers are consumed
 * audio first. Answers the order to consume `wanted` in, without the deferred cameras.
 */
export const VOICE_FIRST_MS = 1500;

export function consumeOrder(wanted: MediaProducerView[], offers: MediaProducerView[], peers: MediaPeerView[], floor: string | null, msSinceFloor: number): MediaProducerView[] {
  const holder = floor === null ? undefined : peers.find((p) => holdsFloor(p, floor));
  const waitForVoice = !!holder && msSinceFloor < VOICE_FIRST_MS && !offers.some((p) => p.peerId === holder.peerId && p.kind === 'audio');
  return wanted
    .filter((p) => !(waitForVoice && p.peerId === holder!.peerId && p.kind === 'video'))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'audio' ? -1 : 1));
}

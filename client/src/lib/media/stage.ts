import type { MediaPeerView } from '../../../../contract/media.js';
import type { RemoteMedia } from './remote.js';
import { qualityOf, type Quality } from './encodings.js';

/** What the meeting-room view shows where. */
export interface Stage {
  /** Large: the hall's shared screen if any, else the hall's camera. */
  main: RemoteMedia | null;
  /**
   * The hall's camera while its screen has the large view: shown small beside it (and so
   * received on the lowest simulcast layer, not the one that fitted the large view).
   */
  presenter: RemoteMedia | null;
  /** The meeting point holding the floor (its camera). */
  floor: RemoteMedia | null;
  /** The chair's grid: every commune room's camera. */
  thumbnails: RemoteMedia[];
}

export function stageOf(remotes: RemoteMedia[], peers: MediaPeerView[], floor: string | null): Stage {
  const roleOf = new Map(peers.map((p) => [p.peerId, p]));
  const video = remotes.filter((r) => r.kind === 'video');
  const fromHall = video.filter((r) => roleOf.get(r.peerId)?.role === 'hall');
  const screen = fromHall.find((r) => r.source === 'screen') ?? null;
  const camera = fromHall.find((r) => r.source === 'camera') ?? null;
  const main = screen ?? camera;
  const presenter = screen ? camera : null;
  const rooms = video.filter((r) => roleOf.get(r.peerId)?.role === 'room');
  const floorVideo = floor ? rooms.find((r) => roleOf.get(r.peerId)?.meetingPointId === floor) ?? null : null;
  return { main, presenter, floor: floorVideo, thumbnails: rooms };
}

/** The worst quality among what this screen receives (what the status bar shows). */
export function overallQuality(remotes: RemoteMedia[]): Quality {
  const scores = remotes.map((r) => r.score).filter((s): s is number => s !== null);
  return scores.length === 0 ? 'unknown' : qualityOf(Math.min(...scores));
}

/** A peer's caption: the meeting point's name, or the person's. */
export function labelOf(peers: MediaPeerView[], peerId: string): string {
  const p = peers.find((x) => x.peerId === peerId);
  return p?.meetingPointName ?? p?.displayName ?? '';
}

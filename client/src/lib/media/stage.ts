import { holdsFloor, type MediaPeerView, type MediaSource } from '../../../../contract/media.js';
import { qualityOf, type Quality } from './encodings.js';
import { inGrid } from './grid.js';

/** What the stage needs of a received stream (`RemoteMedia` has it, with its track). */
export interface Shown {
  consumerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  score: number | null;
}

/** What the meeting-room view shows where. */
export interface Stage<M extends Shown = Shown> {
  /** Large: the hall's shared screen if any, else the hall's camera. */
  main: M | null;
  /**
   * The hall's camera while its screen has the large view: shown small beside it (and so
   * received on the lowest simulcast layer, not the one that fitted the large view).
   */
  presenter: M | null;
  /** The floor holder outside the hall (a meeting point, or a delegate on their own device): its camera. */
  floor: M | null;
  /** The chair's grid: every commune room's camera and every own-device delegate's. */
  thumbnails: M[];
}

export function stageOf<M extends Shown>(remotes: M[], peers: MediaPeerView[], floor: string | null): Stage<M> {
  const roleOf = new Map(peers.map((p) => [p.peerId, p]));
  const video = remotes.filter((r) => r.kind === 'video');
  const fromHall = video.filter((r) => roleOf.get(r.peerId)?.role === 'hall');
  const screen = fromHall.find((r) => r.source === 'screen') ?? null;
  const camera = fromHall.find((r) => r.source === 'camera') ?? null;
  const main = screen ?? camera;
  const presenter = screen ? camera : null;
  const outside = video.filter((r) => inGrid(roleOf.get(r.peerId)));
  const holds = (r: M) => {
    const peer = roleOf.get(r.peerId);
    return !!peer && holdsFloor(peer, floor);
  };
  return { main, presenter, floor: floor ? (outside.find(holds) ?? null) : null, thumbnails: outside };
}

/** The peer holding the floor (a commune room or a delegate on their own device), if any is in the briefing. */
export function floorPeer(peers: MediaPeerView[], floor: string | null): MediaPeerView | null {
  return floor === null ? null : (peers.find((p) => holdsFloor(p, floor)) ?? null);
}

/** The worst quality among what this screen receives (what the status bar shows). */
export function overallQuality(remotes: Pick<Shown, 'score'>[]): Quality {
  const scores = remotes.map((r) => r.score).filter((s): s is number => s !== null);
  return scores.length === 0 ? 'unknown' : qualityOf(Math.min(...scores));
}

/** A peer's caption: the meeting point's name, or the person's. */
export function labelOf(peers: MediaPeerView[], peerId: string): string {
  const p = peers.find((x) => x.peerId === peerId);
  return p?.meetingPointName ?? p?.displayName ?? '';
}

import { describe, it, expect } from 'vitest';
import type { MediaPeerView, MediaProducerView } from '../../contract/media.js';
import { GRID_PAGE_SIZE, roomCameras, wantedProducers } from '../../client/src/lib/media/grid.js';
import { layerForWidth, qualityOf } from '../../client/src/lib/media/encodings.js';

const hall: MediaPeerView = { peerId: 'hall', userId: 'u-hall', displayName: 'Chủ tọa', role: 'hall', meetingPointId: null, meetingPointName: null };
const rooms: MediaPeerView[] = Array.from({ length: 30 }, (_, i) => ({
  peerId: `r${i}`, userId: `op${i}`, displayName: `Vận hành ${i}`, role: 'room', meetingPointId: `mp${i}`, meetingPointName: `Điểm cầu ${String(i).padStart(2, '0')}`,
}));
const cams: MediaProducerView[] = rooms.map((r) => ({ producerId: `cam-${r.peerId}`, peerId: r.peerId, kind: 'video', source: 'camera' }));
const hallMedia: MediaProducerView[] = [
  { producerId: 'hall-mic', peerId: 'hall', kind: 'audio', source: 'mic' },
  { producerId: 'hall-cam', peerId: 'hall', kind: 'video', source: 'camera' },
];

describe("the chair's grid of commune rooms", () => {
  it('receives one page of room cameras at a time, in the order of the rooms names', () => {
    const wanted = wantedProducers([...cams, ...hallMedia], [hall, ...rooms], null, 1);
    const wantedCams = roomCameras(cams, rooms).filter((p) => wanted.has(p.producerId));
    expect(wantedCams.length).toBe(GRID_PAGE_SIZE);
    expect(wantedCams[0]!.producerId).toBe(`cam-r${GRID_PAGE_SIZE}`);
    expect(wanted.has('hall-mic') && wanted.has('hall-cam')).toBe(true);
  });

  it('always receives the camera of the room holding the floor, whatever the page', () => {
    expect(wantedProducers(cams, [hall, ...rooms], 'mp29', 0).has('cam-r29')).toBe(true);
    expect(wantedProducers(cams, [hall, ...rooms], null, 0).has('cam-r29')).toBe(false);
  });
});

describe('simulcast layer and connection quality', () => {
  it('asks for the layer that fits the width a video is shown at, counting the pixel ratio', () => {
    expect(layerForWidth(180)).toBe(0);
    expect(layerForWidth(320)).toBe(0);
    expect(layerForWidth(500)).toBe(1);
    expect(layerForWidth(900)).toBe(2);
    expect(layerForWidth(320, 2)).toBe(1);
  });

  it('reads mediasoup scores and losses as good, fair or poor', () => {
    expect(qualityOf(null)).toBe('unknown');
    expect(qualityOf(10)).toBe('good');
    expect(qualityOf(10, 0.05)).toBe('fair');
    expect(qualityOf(3)).toBe('poor');
  });
});

import { describe, it, expect } from 'vitest';
import type { MediaPeerView, MediaProducerView } from '../../contract/media.js';
import { consumeOrder, GRID_PAGE_SIZE, roomCameras, VOICE_FIRST_MS, wantedProducers } from '../../client/src/lib/media/grid.js';
import { layerForWidth, qualityOf, REMOTE_CAMERA, ROOM_CAMERA } from '../../client/src/lib/media/encodings.js';
import { floorPeer, labelOf, stageOf, type Shown } from '../../client/src/lib/media/stage.js';
import { levelOf, linkQuality, remoteMain } from '../../client/src/lib/remote/view.js';
import { deviceProblems } from '../../client/src/lib/remote/deviceErrors.js';

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

// Delegates attending from their own devices (issue 15): peers of role 'remote', holding the floor by their user id.
const homeA: MediaPeerView = { peerId: 'pa', userId: 'u-a', displayName: 'Ngô Thị An', role: 'remote', meetingPointId: null, meetingPointName: null };
const homeB: MediaPeerView = { peerId: 'pb', userId: 'u-b', displayName: 'Đinh Văn Bình', role: 'remote', meetingPointId: null, meetingPointName: null };
const homeCams: MediaProducerView[] = [homeA, homeB].map((p) => ({ producerId: `cam-${p.peerId}`, peerId: p.peerId, kind: 'video', source: 'camera' }));
const got = (peerId: string, kind: 'audio' | 'video', score: number | null = null, source: 'mic' | 'camera' | 'screen' = kind === 'audio' ? 'mic' : 'camera'): Shown =>
  ({ consumerId: `c-${peerId}-${source}`, peerId, kind, source, score });

describe("delegates at home in the chair's grid and on the floor", () => {
  it('pages their cameras with the rooms, in the order of their names beside the rooms names', () => {
    const order = roomCameras([...homeCams, ...cams.slice(0, 2)], [hall, ...rooms, homeA, homeB]).map((p) => p.producerId);
    // "Điểm cầu 00", "Điểm cầu 01", "Đinh Văn Bình", "Ngô Thị An" (Vietnamese order).
    expect(order).toEqual(['cam-r0', 'cam-r1', 'cam-pb', 'cam-pa']);
    const wanted = wantedProducers([...cams, ...homeCams], [hall, ...rooms, homeA, homeB], null, 2);
    // 32 cameras: page 3 holds the last 8 (rooms 24–29 and both delegates).
    expect(wanted.has('cam-pa') && wanted.has('cam-pb') && wanted.has('cam-r24')).toBe(true);
    expect(wanted.has('cam-r0')).toBe(false);
  });

  it('always receives the camera of a delegate at home holding the floor (by user id), whatever the page', () => {
    const peers = [hall, ...rooms, homeA, homeB];
    expect(wantedProducers([...cams, ...homeCams], peers, 'u-a', 0).has('cam-pa')).toBe(true);
    expect(wantedProducers([...cams, ...homeCams], peers, null, 0).has('cam-pa')).toBe(false);
    // A meeting point's id never names a delegate at home, nor a user id a room.
    expect(wantedProducers([...cams, ...homeCams], peers, 'mp29', 0).has('cam-pa')).toBe(false);
    expect(wantedProducers([...cams, ...homeCams], peers, 'u-a', 0).has('cam-r29')).toBe(false);
  });

  it('shows their cameras as thumbnails, named by the person; the floor holder found by user id or meeting point', () => {
    const peers = [hall, rooms[0]!, homeA, homeB];
    const remotes = [got('hall', 'video', 10), got('r0', 'video', 9), got('pa', 'video', 8), got('pa', 'audio', 8), got('pb', 'video', 7)];
    const stage = stageOf(remotes, peers, 'u-a');
    expect(stage.thumbnails.map((r) => r.peerId)).toEqual(['r0', 'pa', 'pb']);
    expect(stage.floor?.peerId).toBe('pa');
    expect(stage.floor?.kind).toBe('video');
    expect(stageOf(remotes, peers, 'mp0').floor?.peerId).toBe('r0');
    expect(stageOf(remotes, peers, null).floor).toBeNull();
    expect(labelOf(peers, 'pa')).toBe('Ngô Thị An');
    expect(floorPeer(peers, 'u-b')?.peerId).toBe('pb');
    expect(floorPeer(peers, 'mp0')?.peerId).toBe('r0');
    expect(floorPeer(peers, 'u-hall')).toBeNull();
  });

  it("a delegate at home sees whoever outside the hall holds the floor large, else the hall; never themselves", () => {
    const peers = [hall, rooms[0]!, homeA, homeB];
    // Delegate B receives the hall and, with the floor, A.
    const atB = [got('hall', 'video', 10), got('hall', 'audio', 10), got('pa', 'video', 9)];
    expect(remoteMain(stageOf(atB, peers, 'u-a'), 'pb')).toMatchObject({ from: 'floor', media: { peerId: 'pa' } });
    expect(remoteMain(stageOf(atB.slice(0, 2), peers, null), 'pb')).toMatchObject({ from: 'hall', media: { peerId: 'hall' } });
    // A holds the floor: A sees the hall.
    expect(remoteMain(stageOf(atB.slice(0, 2), peers, 'u-a'), 'pa')).toMatchObject({ from: 'hall', media: { peerId: 'hall' } });
  });

  it('sends one small camera layer, lighter than a commune room', () => {
    expect(REMOTE_CAMERA).toHaveLength(1);
    expect(REMOTE_CAMERA[0]!.maxBitrate!).toBeLessThanOrEqual(ROOM_CAMERA[0]!.maxBitrate!);
    expect(REMOTE_CAMERA[0]!.scaleResolutionDownBy!).toBeGreaterThanOrEqual(2);
  });
});

describe("the device check of a delegate at home", () => {
  it('rates the link by the worst of what the device sends and receives; unknown until a score comes', () => {
    expect(linkQuality(null, [])).toBe('unknown');
    expect(linkQuality(10, [])).toBe('good');
    expect(linkQuality(null, [got('hall', 'video', 6)])).toBe('fair');
    expect(linkQuality(10, [got('hall', 'video', 9), got('hall', 'audio', 3)])).toBe('poor');
    expect(linkQuality(4, [got('hall', 'video', null)])).toBe('poor');
  });

  it('reads the microphone level from the signal on a 0–100 scale', () => {
    expect(levelOf(0)).toBe(0);
    expect(levelOf(0.0005)).toBe(0);
    expect(levelOf(1)).toBe(100);
    expect(levelOf(0.03)).toBeGreaterThan(30);
    expect(levelOf(0.03)).toBeLessThan(60);
  });

  it('explains a browser that blocks the devices, with where to allow them and "Thử lại"', () => {
    expect(deviceProblems('NotAllowedError', 'NotAllowedError')).toEqual([
      { key: 'remote.error.blocked', what: 'remote.error.both', help: 'remote.error.blockedHow', note: 'remote.error.noMicNote', retry: true, kind: 'error' },
    ]);
    expect(deviceProblems(null, 'NotAllowedError')[0]).toMatchObject({ key: 'remote.error.blocked', what: 'remote.error.mic' });
    expect(deviceProblems('NotAllowedError', null)[0]).toEqual({ key: 'remote.error.blocked', what: 'remote.error.camera', help: 'remote.error.blockedHow', retry: true, kind: 'error' });
    expect(deviceProblems(null, null)).toEqual([]);
  });

  it('lets a delegate without a camera go on, warns one without a microphone, names a device in use elsewhere', () => {
    expect(deviceProblems('NotFoundError', null)).toEqual([{ key: 'remote.error.noCamera', retry: true, kind: 'warning' }]);
    expect(deviceProblems(null, 'NotFoundError')).toEqual([{ key: 'remote.error.noMic', retry: true, kind: 'warning' }]);
    expect(deviceProblems('NotReadableError', null)[0]).toMatchObject({ key: 'remote.error.busy', what: 'remote.error.camera', kind: 'error' });
    expect(deviceProblems('NotFoundError', 'NotAllowedError').map((p) => p.key)).toEqual(['remote.error.blocked', 'remote.error.noCamera']);
    expect(deviceProblems('TypeError', null)[0]).toMatchObject({ key: 'remote.error.other', name: 'TypeError' });
  });
});

describe('when the floor moves, the holder is heard before they are seen', () => {
  const home: MediaPeerView = { peerId: 'home-a', userId: 'del-a', displayName: 'Đại biểu A', role: 'remote', meetingPointId: null, meetingPointName: null };
  const camA: MediaProducerView = { producerId: 'cam-a', peerId: 'home-a', kind: 'video', source: 'camera' };
  const micA: MediaProducerView = { producerId: 'mic-a', peerId: 'home-a', kind: 'audio', source: 'mic' };
  const ids = (ps: MediaProducerView[]) => ps.map((p) => p.producerId);

  it('holds back the new holder\'s camera while their microphone is not offered yet, then no longer than VOICE_FIRST_MS', () => {
    expect(ids(consumeOrder([camA, hallMedia[1]!], [camA, ...hallMedia], [hall, home], 'del-a', 200))).toEqual(['hall-cam']);
    expect(ids(consumeOrder([camA], [camA], [hall, home], 'del-a', VOICE_FIRST_MS))).toEqual(['cam-a']);
  });

  it('consumes the microphone first once it is offered, then the camera', () => {
    expect(ids(consumeOrder([camA, micA], [camA, micA], [hall, home], 'del-a', 200))).toEqual(['mic-a', 'cam-a']);
  });

  it('leaves other cameras alone, and cameras of nobody holding the floor', () => {
    expect(ids(consumeOrder([camA, cams[0]!], [camA, cams[0]!], [hall, home, rooms[0]!], null, 0))).toEqual(['cam-a', 'cam-r0']);
  });
});

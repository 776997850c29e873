import { describe, it, expect } from 'vitest';
import type { types } from 'mediasoup';
import { pickSources, type Candidate } from './pickSources.js';
import type { MediaSource, PeerRole } from '../topology.js';

const c = (id: string, role: PeerRole, source: MediaSource, key: { userId?: string; meetingPointId?: string | null } = {}): Candidate => ({
  producer: { id, closed: false } as types.Producer,
  party: { peerId: `p-${id}`, userId: key.userId ?? `u-${id}`, role, meetingPointId: key.meetingPointId ?? null },
  info: { source },
});

describe('what the webcast carries', () => {
  const all = [
    c('screen', 'hall', 'screen'), c('cam', 'hall', 'camera'), c('mic', 'hall', 'mic'), c('cam2', 'hall', 'camera'),
    c('roomCam', 'room', 'camera', { meetingPointId: 'mp1' }), c('roomMic', 'room', 'mic', { meetingPointId: 'mp1' }),
    c('homeMic', 'remote', 'mic', { userId: 'd1' }),
  ];
  it('the first hall camera (never a screen, never a room) and the hall microphone; no floor audio while the hall speaks', () => {
    expect(pickSources(all, null)).toEqual({ video: all[1]!.producer, hallAudio: all[2]!.producer, floorAudio: null });
  });
  it('adds the microphone of the commune room or the delegate at home holding the floor', () => {
    expect(pickSources(all, 'mp1').floorAudio).toBe(all[5]!.producer);
    expect(pickSources(all, 'd1').floorAudio).toBe(all[6]!.producer);
    expect(pickSources(all, 'd1').video).toBe(all[1]!.producer);
  });
});

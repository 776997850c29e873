import { describe, it, expect } from 'vitest';
import { mayReceive, maySend, micLive, type Party } from './topology.js';

const hall: Party = { peerId: 'h', userId: 'chair', role: 'hall', meetingPointId: null };
const room1: Party = { peerId: 'r1', userId: 'op1', role: 'room', meetingPointId: 'mp1' };
const room2: Party = { peerId: 'r2', userId: 'op2', role: 'room', meetingPointId: 'mp2' };
const viewer: Party = { peerId: 'v', userId: 'd9', role: 'viewer', meetingPointId: null };
const homeA: Party = { peerId: 'a', userId: 'dA', role: 'remote', meetingPointId: null };
const homeB: Party = { peerId: 'b', userId: 'dB', role: 'remote', meetingPointId: null };

describe('briefing topology', () => {
  it('everyone receives the main hall: audio, camera and screen', () => {
    for (const r of [room1, room2, viewer]) for (const s of ['mic', 'camera', 'screen'] as const) expect(mayReceive(r, hall, s, null)).toBe(true);
  });

  it('a commune room camera reaches only the chair grid (hall peers) without the floor', () => {
    expect(mayReceive(hall, room1, 'camera', null)).toBe(true);
    expect(mayReceive(room2, room1, 'camera', null)).toBe(false);
    expect(mayReceive(viewer, room1, 'camera', null)).toBe(false);
  });

  it('a commune room is heard by nobody until it holds the floor, then by everyone', () => {
    for (const r of [hall, room2, viewer]) expect(mayReceive(r, room1, 'mic', null)).toBe(false);
    for (const r of [hall, room2, viewer]) expect(mayReceive(r, room1, 'mic', 'mp1')).toBe(true);
    expect(mayReceive(room2, room1, 'mic', 'mp2')).toBe(false);
  });

  it('nobody receives themselves; viewers send nothing; a room shares a screen only with the floor', () => {
    expect(mayReceive(hall, hall, 'mic', null)).toBe(false);
    expect(maySend(viewer, 'mic', null)).toBe(false);
    expect(maySend(room1, 'screen', null)).toBe(false);
    expect(maySend(room1, 'screen', 'mp1')).toBe(true);
    expect(maySend(hall, 'screen', null)).toBe(true);
  });

  it('a delegate on their own device is seen only in the chair grid and heard by nobody without the floor', () => {
    expect(mayReceive(hall, homeA, 'camera', null)).toBe(true);
    for (const r of [room1, homeB, viewer]) expect(mayReceive(r, homeA, 'camera', null)).toBe(false);
    for (const r of [hall, room1, homeB, viewer]) expect(mayReceive(r, homeA, 'mic', null)).toBe(false);
  });

  it('with the floor (their user id) everyone hears and sees them, as a room with the floor', () => {
    for (const r of [hall, room1, homeB, viewer]) for (const s of ['mic', 'camera'] as const) expect(mayReceive(r, homeA, s, 'dA')).toBe(true);
    // Another delegate's floor is not theirs; a meeting point id is never a user's.
    expect(mayReceive(room1, homeA, 'mic', 'dB')).toBe(false);
    expect(mayReceive(homeB, room1, 'mic', 'dA')).toBe(false);
  });

  it('their microphone may be sent only while they hold the floor; their camera always', () => {
    expect(maySend(homeA, 'camera', null)).toBe(true);
    expect(maySend(homeA, 'mic', null)).toBe(false);
    expect(maySend(homeA, 'mic', 'dB')).toBe(false);
    expect(maySend(homeA, 'mic', 'dA')).toBe(true);
    expect(maySend(homeA, 'screen', null)).toBe(false);
  });

  it('a microphone is live only for the hall and the floor holder', () => {
    expect(micLive(hall, null)).toBe(true);
    expect(micLive(room1, null)).toBe(false);
    expect(micLive(room1, 'mp1')).toBe(true);
    expect(micLive(homeA, 'mp1')).toBe(false);
    expect(micLive(homeA, 'dA')).toBe(true);
  });
});

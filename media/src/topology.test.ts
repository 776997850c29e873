import { describe, it, expect } from 'vitest';
import { mayReceive, maySend, type Party } from './topology.js';

const hall: Party = { peerId: 'h', role: 'hall', meetingPointId: null };
const room1: Party = { peerId: 'r1', role: 'room', meetingPointId: 'mp1' };
const room2: Party = { peerId: 'r2', role: 'room', meetingPointId: 'mp2' };
const viewer: Party = { peerId: 'v', role: 'viewer', meetingPointId: null };

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
});

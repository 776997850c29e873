import type { types } from 'mediasoup';
import { holdsFloor, type Floor, type Party } from '../topology.js';
import type { MediaSource } from '../topology.js';

export interface Candidate { producer: types.Producer; party: Party; info: { source: MediaSource } }

/** What the webcast carries at a moment: the hall's camera and microphone, the floor holder's microphone. */
export interface WebcastSources {
  video: types.Producer | null;
  hallAudio: types.Producer | null;
  floorAudio: types.Producer | null;
}

/**
 * The choice, documented in the README: the picture is always the hall's camera (the first
 * hall peer sending one: the chair's or the secretariat's), never a screen share or a commune
 * room's camera, so ffmpeg never has to switch codec or resolution; the sound is the hall's
 * microphone mixed with the microphone of whoever outside the hall holds the floor.
 */
export function pickSources(all: readonly Candidate[], floor: Floor): WebcastSources {
  const open = all.filter((c) => !c.producer.closed);
  const hall = open.filter((c) => c.party.role === 'hall');
  return {
    video: hall.find((c) => c.info.source === 'camera')?.producer ?? null,
    hallAudio: hall.find((c) => c.info.source === 'mic')?.producer ?? null,
    floorAudio: open.find((c) => c.party.role !== 'hall' && c.info.source === 'mic' && holdsFloor(c.party, floor))?.producer ?? null,
  };
}

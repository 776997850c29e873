import { describe, it, expect } from 'vitest';
import { recordingChapters } from './recordingChapters.js';
import { sittingTimeline } from '../records/minutes/timeline.js';
import { joinedPlaylist, positionOf, type RecordingManifest } from './recordingStore.js';

const T0 = Date.parse('2026-07-14T01:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const seg = (file: string, startS: number, discontinuity = false) => ({ file, duration: 6, bytes: 1, sha256: 'x', at: at(startS).toISOString(), discontinuity });

/** Two public parts: 0–12 s, then closed doors from 12 s to 100 s, public again 100–112 s. */
const m: RecordingManifest = {
  format: 'hdnd-recording/1', sittingId: 'a'.repeat(24), sealedAt: at(200).toISOString(), durationSeconds: 24, bytes: 4,
  parts: [
    { dir: '20260714T010000Z', startedAt: at(0).toISOString(), endedAt: at(12).toISOString(), segments: [seg('rec-00000.ts', 0, true), seg('rec-00001.ts', 6)] },
    { dir: '20260714T010140Z', startedAt: at(100).toISOString(), endedAt: at(112).toISOString(), segments: [seg('rec-00000.ts', 100, true), seg('rec-00001.ts', 106)] },
  ],
};

const ev = (s: number, data: Record<string, unknown>, action = 'agenda:setCurrent') => ({ at: at(s), action, data });

describe('chapters of a recording in several parts (closed doors between them)', () => {
  it('places wall-clock times in the joined recording; a time behind closed doors gives the next part\'s start', () => {
    expect(positionOf(m, at(-5))).toEqual({ seconds: 0, recorded: false });
    expect(positionOf(m, at(7.5))).toEqual({ seconds: 7.5, recorded: true });
    expect(positionOf(m, at(50))).toEqual({ seconds: 12, recorded: false });
    expect(positionOf(m, at(103))).toEqual({ seconds: 15, recorded: true });
    expect(positionOf(m, at(113))).toBeNull();
    expect(joinedPlaylist(m)).toBe('#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n'
      + '#EXTINF:6.000000,\np0-rec-00000.ts\n#EXTINF:6.000000,\np0-rec-00001.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:6.000000,\np1-rec-00000.ts\n#EXTINF:6.000000,\np1-rec-00001.ts\n#EXT-X-ENDLIST\n');
  });

  it('never names a turn held wholly behind closed doors; an item still under way when the doors opened starts the part', () => {
    const events = [
      ev(-2, { status: 'open' }, 'sitting:setStatus'),
      ev(1, { currentItemId: 'i1' }),
      ev(3, { speaking: 'u1' }, 'floor:grant'),
      ev(9, { speaking: null }, 'floor:end'),
      ev(20, { currentItemId: 'i2' }),
      ev(30, { speaking: 'secret' }, 'floor:grant'),
      ev(60, { speaking: null }, 'floor:end'),
      ev(104, { speaking: 'u2' }, 'floor:grant'),
      ev(108, { currentItemId: 'hidden' }),
      ev(111, { status: 'closed' }, 'sitting:setStatus'),
    ];
    const titles: Record<string, string> = { i1: '1. Khai mạc', i2: '2. Tờ trình' };
    const names: Record<string, string> = { u1: 'Phạm Quốc Bảo', u2: 'Đặng Thị Hạnh', secret: 'SECRET' };
    expect(recordingChapters(m, sittingTimeline(events), (id) => titles[id] ?? null, (id) => names[id] ?? null)).toEqual([
      { at: 1, kind: 'item', title: '1. Khai mạc' },
      { at: 3, kind: 'speaker', title: 'Phạm Quốc Bảo' },
      { at: 12, kind: 'item', title: '2. Tờ trình' },
      { at: 16, kind: 'speaker', title: 'Đặng Thị Hạnh' },
    ]);
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerPool } from '../WorkerPool.js';
import type { Room } from '../Room.js';
import { joinAs, testPool, testRoom } from '../testKit.js';
import { Webcast, type WebcastState } from './Webcast.js';
import { feedFromFfmpeg } from './testFeed.js';
import { checkFfmpeg } from './ffmpegBinary.js';
import { DEFAULT_ENCODE } from './ffmpegArgs.js';

const hasFfmpeg = (await checkFfmpeg()).ok;
const until = async (what: string, ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

let pool: WorkerPool;
let room: Room;
let dir: string;
beforeAll(async () => {
  pool = await testPool(1);
  room = await testRoom(pool);
  dir = mkdtempSync(join(tmpdir(), 'hdnd-webcast-'));
});
afterAll(() => { room?.close(); pool?.close(); rmSync(dir, { recursive: true, force: true }); });

describe.skipIf(!hasFfmpeg)('the webcast of a briefing (real worker, real ffmpeg)', () => {
  it('turns the hall camera and microphone into a live HLS playlist whose segments hold video and audio, and a recording; stop ends ffmpeg and removes the live files', async () => {
    const hall = await joinAs(room, 'hall');
    const feed = await feedFromFfmpeg(room, hall);
    try {
      const t0 = performance.now();
      const states: WebcastState[] = [];
      const w = await Webcast.start({ room, ffmpegPath: 'ffmpeg', workDir: join(dir, 'w1'), recordingDir: join(dir, 'rec1'), encode: { ...DEFAULT_ENCODE, recordingSegmentSeconds: 2 }, log: (m, e) => console.log(m, e) });
      w.on('state', (s) => states.push(s));
      expect(w.consuming).toMatchObject({ video: feed.videoId, hallAudio: feed.audioId, floorAudio: null });
      await until('the live playlist', () => w.state === 'live', 20_000).catch((err) => { console.log(readFileSync(join(dir, 'w1', 'stream.sdp'), 'utf8'), execFileSync('ls', ['-la', join(dir, 'w1', 'live'), join(dir, 'rec1')], { encoding: 'utf8' }), w.state, w.ffmpegPid); throw err; });
      const firstPlaylistMs = Math.round(performance.now() - t0);
      const playlist = readFileSync(w.livePlaylist, 'utf8');
      const seg = playlist.split('\n').find((l) => l.endsWith('.ts'))!;
      expect(seg).toMatch(/^seg-[a-z0-9]+-\d+\.ts$/);
      const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', join(w.liveDir, seg)], { encoding: 'utf8' })) as { streams: Array<{ codec_type: string; codec_name: string; width?: number }> };
      expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
      await until('the recording', () => existsSync(w.recording.path), 10_000);
      const pid = w.ffmpegPid!;
      console.log(`webcast: first playlist ${firstPlaylistMs} ms after start; ${playlist.match(/#EXTINF:([\d.]+)/)?.[1]} s segments`);
      const stopped = performance.now();
      await w.stop();
      console.log(`webcast: stopped in ${Math.round(performance.now() - stopped)} ms`);
      expect(alive(pid)).toBe(false);
      expect(existsSync(w.liveDir)).toBe(false);
      expect(readFileSync(w.recording.path, 'utf8')).toMatch(/rec-\d+\.ts[\s\S]*#EXT-X-ENDLIST/);
      expect(w.recording.startedAt).toBeInstanceOf(Date);
      expect(states).toContain('stopped');
    } finally {
      feed.stop();
      hall.close();
    }
  }, 40_000);

  it('adds the floor holder\'s microphone from outside the hall without restarting ffmpeg, and is back by itself when ffmpeg is killed', async () => {
    const hall = await joinAs(room, 'hall');
    const commune = await joinAs(room, 'room', 'mp-tan-lap');
    const hallFeed = await feedFromFfmpeg(room, hall);
    const communeFeed = await feedFromFfmpeg(room, commune, { audioOnly: true, toneHz: 880 });
    const w = await Webcast.start({ room, ffmpegPath: 'ffmpeg', workDir: join(dir, 'w3'), recordingDir: join(dir, 'rec3'), log: (m, e) => console.log(m, e) });
    try {
      await until('the live playlist', () => w.state === 'live', 20_000);
      const first = w.ffmpegPid!;
      expect(w.consuming.floorAudio).toBeNull();
      room.setFloor('mp-tan-lap');
      await room.resumeProducer(commune, communeFeed.audioId);
      await until('the floor holder\'s microphone', () => w.consuming.floorAudio === communeFeed.audioId, 5000);
      room.setFloor(null);
      await until('the floor taken back', () => w.consuming.floorAudio === null, 5000);
      expect(w.ffmpegPid).toBe(first);
      expect(w.consuming.video).toBe(hallFeed.videoId);

      const killed = performance.now();
      process.kill(first, 'SIGKILL');
      await until('a new ffmpeg', () => w.ffmpegPid !== null && w.ffmpegPid !== first, 5000);
      const before = readFileSync(w.livePlaylist, 'utf8');
      await until('the playlist moving on after a discontinuity', () => {
        const now = readFileSync(w.livePlaylist, 'utf8');
        return now !== before && now.includes('#EXT-X-DISCONTINUITY');
      }, 10_000);
      console.log(`webcast: ffmpeg killed → new segments in ${Math.round(performance.now() - killed)} ms`);
      expect(w.state).toBe('live');
    } finally {
      await w.stop();
      hallFeed.stop();
      communeFeed.stop();
      hall.close();
      commune.close();
    }
  }, 40_000);

  it('says "webcast unavailable: ffmpeg not found" when there is no ffmpeg, and never throws', async () => {
    const hall = await joinAs(room, 'hall');
    const feed = await feedFromFfmpeg(room, hall);
    try {
      const w = await Webcast.start({ room, ffmpegPath: '/nonexistent/ffmpeg', workDir: join(dir, 'w2'), recordingDir: join(dir, 'rec2') });
      await until('unavailable', () => w.state === 'unavailable', 5000);
      expect(w.reason).toBe('webcast unavailable: ffmpeg not found');
      await w.stop();
    } finally {
      feed.stop();
      hall.close();
    }
  });
});

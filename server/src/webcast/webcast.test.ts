import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { MediaService } from '../../../media/src/MediaService.js';
import { startWebcastTestRig, type WebcastTestRig } from './webcastTestRig.js';
import { feedFromFfmpeg } from '../../../media/src/webcast/testFeed.js';
import { checkFfmpeg } from '../../../media/src/webcast/ffmpegBinary.js';
import type { Peer } from '../../../media/src/Peer.js';
import type { WebcastService } from './service.js';
import { createLogger } from '../platform/log.js';

const hasFfmpeg = (await checkFfmpeg()).ok;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

let rig: WebcastTestRig;
let server: TestServer;
let media: MediaService;
let dir: string;
let f: WebcastTestRig['f'];
const stops: Array<() => void> = [];

beforeAll(async () => {
  rig = await startWebcastTestRig('hdnd-webcast-srv-');
  ({ server, media, dir, f } = rig);
});
afterAll(async () => {
  stops.forEach((s) => s());
  await rig?.stop();
});

const live = (sittingId: string, file: string) => fetch(`${server.url}/api/public/sittings/${sittingId}/live/${file}`);
const service = () => server.deps.webcast as WebcastService;

/** The chair in the hall with a camera and a microphone made by ffmpeg (testsrc, a 440 Hz tone). */
async function hallOnAir(sittingId: string): Promise<Peer> {
  const room = await media.room(sittingId);
  const { peer } = await room.join({ userId: f.chair.id, displayName: f.chair.displayName, role: 'hall', meetingPointId: null });
  const feed = await feedFromFfmpeg(room, peer);
  stops.push(() => { feed.stop(); peer.close(); });
  return peer;
}

describe.skipIf(!hasFfmpeg)('the live webcast of a public sitting (real worker, real ffmpeg, real server)', () => {
  it('a public sitting opened with the hall on air is webcast: index.m3u8 within 10 s, a segment with video and audio; made closed-door, it is 404 at once and ffmpeg has ended', async () => {
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { status: 'published' } });
    await hallOnAir(f.sittingId);
    await sleep(300);
    expect(service().webcastOf(f.sittingId)).toBeNull();
    expect((await live(f.sittingId, 'index.m3u8')).status).toBe(404);

    // Opened as sitting:setStatus does it (the quorum rule is not this test's): the write, then its delta.
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { status: 'open' } });
    const opened = performance.now();
    server.deps.events.publish('sitting.changed', { sittingId: f.sittingId, version: 98, command: 'sitting:setStatus', patch: { status: 'open' } });
    let playlist = '';
    while (performance.now() - opened < 10_000) {
      const r = await live(f.sittingId, 'index.m3u8');
      if (r.status === 200) {
        expect(r.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
        expect(r.headers.get('cache-control')).toBe('no-cache');
        playlist = await r.text();
        break;
      }
      await sleep(100);
    }
    const toPlaylistMs = Math.round(performance.now() - opened);
    expect(playlist).toContain('#EXTINF');
    const segment = playlist.split('\n').find((l) => /^seg-[a-z0-9]+-\d+\.ts$/.test(l))!;
    const seg = await live(f.sittingId, segment);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(seg.headers.get('cache-control')).toBe('public, max-age=60, immutable');
    const file = join(dir, 'probe.ts');
    writeFileSync(file, Buffer.from(await seg.arrayBuffer()));
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file], { encoding: 'utf8' })) as { streams: Array<{ codec_type: string }> };
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    console.log(`webcast: sitting opened → playlist served in ${toPlaylistMs} ms; segment ${playlist.match(/#EXTINF:([\d.]+)/)?.[1]} s`);

    // Path tricks never reach the disk.
    expect((await live(f.sittingId, '..%2F..%2Fstream.sdp')).status).toBeGreaterThanOrEqual(400);
    expect((await live(f.sittingId, 'stream.sdp')).status).toBe(400);

    const webcast = service().webcastOf(f.sittingId)!;
    // The recording has its first (6 s) segment.
    while (!/#EXTINF/.test((existsSync(webcast.recording.path) ? readFileSync(webcast.recording.path, 'utf8') : '')) && performance.now() - opened < 15_000) await sleep(200);
    const pid = webcast.ffmpegPid!;
    expect(alive(pid)).toBe(true);
    // The change the product publishes for the doors (sitting:edit's delta), after the write.
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { closedDoors: true } });
    const closed = performance.now();
    server.deps.events.publish('sitting.changed', { sittingId: f.sittingId, version: 99, command: 'sitting:edit', patch: { closedDoors: true } });
    expect((await live(f.sittingId, 'index.m3u8')).status).toBe(404);
    const to404 = Math.round(performance.now() - closed);
    while (alive(pid) && performance.now() - closed < 3000) await sleep(20);
    console.log(`webcast: closed doors → 404 in ${to404} ms, ffmpeg gone in ${Math.round(performance.now() - closed)} ms`);
    expect(to404).toBeLessThan(1000);
    expect(alive(pid)).toBe(false);
    // The public part was recorded, and its recording ends there (the end is written once ffmpeg has exited).
    while (!readFileSync(webcast.recording.path, 'utf8').includes('#EXT-X-ENDLIST') && performance.now() - closed < 3000) await sleep(20);
    const recording = readFileSync(webcast.recording.path, 'utf8');
    expect(recording).toMatch(/#EXTINF[\s\S]*#EXT-X-ENDLIST/);
  }, 40_000);

  it('a closed-door sitting is never webcast, even with the hall on air', async () => {
    await hallOnAir(f.closedSittingId);
    await service().sync(f.closedSittingId);
    await sleep(1500);
    expect(service().webcastOf(f.closedSittingId)).toBeNull();
    expect((await live(f.closedSittingId, 'index.m3u8')).status).toBe(404);
  });

  it('without ffmpeg the server says once "webcasting off: ffmpeg not found" and everything else works; the live route answers 404', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => { lines.push(line); } });
    const other = await startTestServer({ media, log, env: { WEBCAST: 'true', WEBCAST_DIR: join(dir, 'none'), WEBCAST_FFMPEG: '/nonexistent/ffmpeg' } });
    try {
      expect(other.deps.webcast).toBeUndefined();
      expect(lines.filter((l) => l.includes('webcasting off')).map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['webcasting off: ffmpeg not found (/nonexistent/ffmpeg); install ffmpeg or set WEBCAST_FFMPEG']);
      expect((await fetch(`${other.url}/api/public/sittings/${f.sittingId}/live/index.m3u8`)).status).toBe(404);
      expect((await fetch(`${other.url}/api/setup`)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import { buildPortalWorld, type PortalWorld } from '../../../test/helpers/portalFixtures.js';
import { checkFfmpeg } from '../../../media/src/webcast/ffmpegBinary.js';
import type { PublicSitting } from '../../../contract/portal.js';
import { sittingTimeline } from '../records/minutes/timeline.js';
import { buildBundle } from '../records/export/bundle.js';
import { verifyBundle } from '../records/verify/verify.js';
import { verifyPaths } from '../records/verify/verifyFiles.js';
import { readZipEntries } from '../records/export/zip.js';
import { partStamp as stamp, recordPart as writePart } from './recordingTestKit.js';
import { recordingStore } from './recordingStore.js';
import { sweepRecordings } from './recordingSweep.js';

const hasFfmpeg = (await checkFfmpeg()).ok;
/**
 * Writes a recorded part in a staging folder, then moves it into its place at once: the server tries to seal
 * a closed sitting's recording 2, 6, 20 and 70 s after the close, and one of those tries must
 * not find a part half written (on a loaded machine ffmpeg takes long enough to meet one).
 */
const recordPart = (dir: string, seconds: number, startMs: number) => {
  const staging = join(webcastDir, 'staging', `${basename(dirname(dir))}-${basename(dir)}`);
  writePart(staging, { seconds, startMs });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
};


let server: TestServer;
let w: PortalWorld;
let webcastDir: string;
const sockets: ClientSocket[] = [];
let opened: number;

beforeAll(async () => {
  webcastDir = mkdtempSync(join(tmpdir(), 'hdnd-recording-'));
  server = await startTestServer({ env: { WEBCAST: 'false', WEBCAST_DIR: webcastDir, SIGNING_KEY_DIR: join(webcastDir, 'keys') } });
  w = await buildPortalWorld(server, sockets);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(webcastDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/public${path}`, { headers });

describe.skipIf(!hasFfmpeg)('the recording of a closed public sitting (real ffmpeg HLS, real server)', () => {
  it('is sealed with every segment\'s SHA-256, played from one list, with chapters at the audit chain\'s times of the items and turns at the floor', async () => {
    const entries = await server.deps.models.AuditEntry.find({ chain: `sitting:${w.sittingId}` }).sort({ seq: 1 }).lean();
    const timeline = sittingTimeline(entries.map((e) => ({ at: new Date(e.at), action: e.action, data: e.data as Record<string, unknown> })));
    opened = timeline.openedAt!.getTime();
    const startMs = opened - 3000;
    const span = (timeline.closedAt!.getTime() - startMs) / 1000;
    recordPart(join(webcastDir, 'recordings', w.sittingId, stamp(startMs)), Math.max(8, Math.ceil(span) + 2), startMs);

    // Not sealed yet: the sitting's API has no recording and the files are 404.
    expect(((await (await get(`/sittings/${w.sittingId}`)).json()) as { data: PublicSitting }).data.recording).toBeUndefined();
    expect((await get(`/sittings/${w.sittingId}/recording/recording.m3u8`)).status).toBe(404);

    const swept = await sweepRecordings(server.deps, recordingStore(server.deps));
    expect(swept.sealed.filter((id) => id !== w.sittingId)).toEqual([]);
    const m = (await recordingStore(server.deps).manifest(w.sittingId))!;
    expect(m.parts).toHaveLength(1);
    expect(m.parts[0]!.segments.every((s) => /^[0-9a-f]{64}$/.test(s.sha256) && s.bytes > 0)).toBe(true);
    expect(Math.abs(Date.parse(m.parts[0]!.startedAt) - startMs)).toBeLessThan(100);

    // The portal's views (kept 2 s) were dropped by the seal.
    const view = ((await (await get(`/sittings/${w.sittingId}`)).json()) as { data: PublicSitting }).data;
    const rec = view.recording!;
    expect(rec.playlistUrl).toBe(`/api/public/sittings/${w.sittingId}/recording/recording.m3u8`);
    expect(rec.durationSeconds).toBeCloseTo(m.durationSeconds, 3);
    const items = timeline.items.map((s) => ({ kind: 'item', at: (s.startedAt.getTime() - startMs) / 1000 }));
    const turns = timeline.turns.map((s) => ({ kind: 'speaker', at: (s.startedAt.getTime() - startMs) / 1000 }));
    expect(rec.chapters.filter((c) => c.kind === 'item')).toHaveLength(items.length);
    expect(rec.chapters.filter((c) => c.kind === 'speaker')).toHaveLength(turns.length);
    // Within 0.15 s: positions are given to 0.1 s, and ffmpeg closes a file a few ms after its segment ends (40 ms here).
    for (const [i, c] of rec.chapters.filter((c) => c.kind === 'item').entries()) expect(Math.abs(c.at - items[i]!.at)).toBeLessThanOrEqual(0.15);
    for (const [i, c] of rec.chapters.filter((c) => c.kind === 'speaker').entries()) expect(Math.abs(c.at - turns[i]!.at)).toBeLessThanOrEqual(0.15);
    expect(rec.chapters.filter((c) => c.kind === 'item').map((c) => c.title)).toEqual(timeline.items.map((s) => { const a = view.agenda.find((x) => x.id === s.itemId)!; return `${a.number}. ${a.title}`; }));
    const names = await server.deps.models.User.find({ _id: { $in: timeline.turns.map((t) => t.userId) } }, { displayName: 1 }).lean();
    expect(rec.chapters.filter((c) => c.kind === 'speaker').map((c) => c.title)).toEqual(timeline.turns.map((t) => names.find((n) => String(n._id) === t.userId)!.displayName));
    console.log(`recording: ${m.durationSeconds} s, ${m.parts[0]!.segments.length} segments, ${m.bytes} bytes; chapters ${JSON.stringify(rec.chapters)}`);

    const list = await get(`/sittings/${w.sittingId}/recording/recording.m3u8`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(list.headers.get('cache-control')).toBe('public, max-age=3600');
    const text = await list.text();
    expect(text).toMatch(/#EXT-X-PLAYLIST-TYPE:VOD[\s\S]*p0-rec-00000\.ts[\s\S]*#EXT-X-ENDLIST/);
    expect((await get(`/sittings/${w.sittingId}/recording/recording.m3u8`, { 'if-none-match': list.headers.get('etag')! })).status).toBe(304);
    const seg = await get(`/sittings/${w.sittingId}/recording/p0-rec-00001.ts`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(seg.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(seg.headers.get('etag')).toBe(`"${m.parts[0]!.segments[1]!.sha256}"`);
    const part = await get(`/sittings/${w.sittingId}/recording/p0-rec-00001.ts`, { range: 'bytes=188-375' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 188-375/${m.parts[0]!.segments[1]!.bytes}`);
    expect((await part.arrayBuffer()).byteLength).toBe(188);
    // Unlisted names, other parts and path tricks never reach the disk.
    expect((await get(`/sittings/${w.sittingId}/recording/p1-rec-00000.ts`)).status).toBe(404);
    expect((await get(`/sittings/${w.sittingId}/recording/..%2Frecording.json`)).status).toBe(400);
  }, 60_000);

  it('a closed-door sitting\'s recording is never served, even sealed on disk; an open sitting\'s neither', async () => {
    const id = w.hidden.closedSittingId;
    const t = Date.now() - 60_000;
    recordPart(join(webcastDir, 'recordings', id, stamp(t)), 4, t);
    expect((await recordingStore(server.deps).seal(id))?.parts).toHaveLength(1);
    expect((await get(`/sittings/${id}/recording/recording.m3u8`)).status).toBe(404);
    expect((await get(`/sittings/${id}/recording/p0-rec-00000.ts`)).status).toBe(404);
    expect((await get(`/sittings/${id}`)).status).toBe(404);
    expect((await get(`/sittings/${w.liveSittingId}/recording/recording.m3u8`)).status).toBe(404);
  }, 30_000);

  it('joins the archive bundle with each segment\'s SHA-256; records:verify passes it, and names a segment altered by one byte', async () => {
    const chair = server.deps.models.User.findById(w.cast.users.chair.id).lean();
    const { zip, manifest } = await buildBundle(server.deps, w.sessionId, { userId: w.cast.users.chair.id, name: (await chair)!.displayName, role: 'chair' });
    const m = (await recordingStore(server.deps).manifest(w.sittingId))!;
    const mine = manifest.recordings.find((r) => r.sittingId === w.sittingId)!;
    expect(mine).toMatchObject({ durationSeconds: m.durationSeconds, bytes: m.bytes, segments: m.parts[0]!.segments.length });
    const segs = manifest.files.filter((f) => f.kind === 'recording' && f.path.startsWith(mine.playlist.replace(/recording\.m3u8$/, '')));
    expect(segs.map((s) => s.sha256)).toEqual(m.parts[0]!.segments.map((s) => s.sha256));
    expect(verifyBundle(zip).ok).toBe(true);
    const file = join(webcastDir, 'bundle.zip');
    writeFileSync(file, zip);
    expect((await verifyPaths({ file })).code).toBe(0);

    const target = segs[1]!.path;
    const bytes = readZipEntries(zip).get(target)!;
    bytes[500] = bytes[500]! ^ 0x01;
    writeFileSync(file, zip);
    const out = await verifyPaths({ file });
    expect(out.code).toBe(1);
    expect(out.lines.filter((l) => l.startsWith('FAILED'))).toEqual([`FAILED  ${target}: nội dung đã bị thay đổi (SHA-256 không khớp bản kê) / altered: SHA-256 differs from the manifest`]);
  }, 60_000);

  it('the sweep deletes recordings past WEBCAST_RECORDING_RETENTION_DAYS (0 keeps them) and stops webcasts when the disk limits are passed', async () => {
    const store = recordingStore(server.deps);
    const config = server.deps.config;
    const ended = Date.parse((await store.manifest(w.sittingId))!.parts[0]!.endedAt);
    const later = new Date(ended + 3 * 86_400_000);
    expect((await sweepRecordings(server.deps, store, later)).deleted).toEqual([]);
    config.WEBCAST_RECORDING_RETENTION_DAYS = 5;
    expect((await sweepRecordings(server.deps, store, later)).deleted).toEqual([]);
    config.WEBCAST_RECORDING_RETENTION_DAYS = 2;
    const swept = await sweepRecordings(server.deps, store, later);
    expect(swept.deleted.sort()).toEqual([w.hidden.closedSittingId, w.sittingId].sort());
    expect(existsSync(join(webcastDir, 'recordings', w.sittingId))).toBe(false);
    expect(readdirSync(join(webcastDir, 'recordings'))).toEqual([]);
    expect((await get(`/sittings/${w.sittingId}/recording/recording.m3u8`)).status).toBe(404);
    expect(swept.blocked).toBeNull();
    config.WEBCAST_MIN_FREE_MB = 100_000_000;
    expect((await sweepRecordings(server.deps, store)).blocked).toMatch(/^webcast and recording stopped: \d+ MB free where WEBCAST_DIR lies, below WEBCAST_MIN_FREE_MB=100000000/);
    config.WEBCAST_MIN_FREE_MB = 2048;
    config.WEBCAST_RECORDING_RETENTION_DAYS = 0;
  }, 30_000);
});

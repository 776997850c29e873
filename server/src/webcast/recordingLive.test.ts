import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from '../../../test/helpers/testServer.js';
import type { MediaService } from '../../../media/src/MediaService.js';
import { startWebcastTestRig, type WebcastTestRig } from './webcastTestRig.js';
import { feedFromFfmpeg } from '../../../media/src/webcast/testFeed.js';
import { checkFfmpeg } from '../../../media/src/webcast/ffmpegBinary.js';
import type { PublicSitting } from '../../../contract/portal.js';
import { appendAudit } from '../audit/append.js';
import type { WebcastService } from './service.js';
import { recordingStore } from './recordingStore.js';

const hasFfmpeg = (await checkFfmpeg()).ok;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let rig: WebcastTestRig;
let server: TestServer;
let media: MediaService;
let dir: string;
let f: WebcastTestRig['f'];
const stops: Array<() => void> = [];

beforeAll(async () => {
  rig = await startWebcastTestRig('hdnd-recording-live-');
  ({ server, media, dir, f } = rig);
});
afterAll(async () => {
  stops.forEach((s) => s());
  await rig?.stop();
});

const changed = (sittingId: string, version: number, patch: Record<string, unknown>) =>
  server.deps.events.publish('sitting.changed', { sittingId, version, command: 'sitting:setStatus', patch });

describe.skipIf(!hasFfmpeg)('a public sitting recorded through the real webcast (worker, PlainTransports, ffmpeg), sealed when it closes', () => {
  it('the webcast\'s own recording is sealed after the close, plays from the portal, and its chapters sit where the audit chain says', async () => {
    const { models } = server.deps;
    const [item] = await models.AgendaItem.create([{ sessionId: f.sessionId, order: 1, title: 'Báo cáo kết quả giao ban', kind: 'report' }]);
    const room = await media.room(f.sittingId);
    const { peer } = await room.join({ userId: f.chair.id, displayName: f.chair.displayName, role: 'hall', meetingPointId: null });
    const feed = await feedFromFfmpeg(room, peer);
    stops.push(() => { feed.stop(); peer.close(); });
    await (server.deps.webcast as WebcastService).sync(f.sittingId);
    const webcast = () => (server.deps.webcast as WebcastService).webcastOf(f.sittingId);
    const t0 = Date.now();
    while (webcast()?.state !== 'live' && Date.now() - t0 < 15_000) await sleep(100);
    expect(webcast()?.state).toBe('live');
    const spawned = webcast()!.recording.startedAt!.getTime();

    // Two seconds on the air, the chair takes up the item; a little later gives the floor.
    await sleep(2000);
    const itemAt = await appendAudit(server.deps, { chain: `sitting:${f.sittingId}`, actorId: f.chair.id, action: 'agenda:setCurrent', subject: { kind: 'sitting', id: f.sittingId }, data: { currentItemId: String(item!._id) } });
    await sleep(3000);
    const floorAt = await appendAudit(server.deps, { chain: `sitting:${f.sittingId}`, actorId: f.chair.id, action: 'floor:grant', subject: { kind: 'sitting', id: f.sittingId }, data: { speaking: f.chair.id, speakingKind: 'speak' } });
    await sleep(8000);

    await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { status: 'closed' } });
    const closedAt = Date.now();
    changed(f.sittingId, 200, { status: 'closed' });
    const store = recordingStore(server.deps);
    while (!(await store.manifest(f.sittingId)) && Date.now() - closedAt < 20_000) await sleep(200);
    const m = (await store.manifest(f.sittingId))!;
    expect(m).not.toBeNull();
    console.log(`recording (real webcast): sealed ${Date.now() - closedAt} ms after the close; ${m.durationSeconds} s, ${m.bytes} bytes → ${Math.round((m.bytes / m.durationSeconds) * 3600 / 1e6)} MB/hour; first segment starts ${Date.parse(m.parts[0]!.startedAt) - spawned} ms after ffmpeg started`);
    // Content starts at the first key frame after ffmpeg started: not before it, and soon after.
    expect(Date.parse(m.parts[0]!.startedAt)).toBeGreaterThanOrEqual(spawned - 200);
    expect(Date.parse(m.parts[0]!.startedAt) - spawned).toBeLessThan(3000);

    const view = ((await (await fetch(`${server.url}/api/public/sittings/${f.sittingId}`)).json()) as { data: PublicSitting }).data;
    const rec = view.recording!;
    const start = Date.parse(m.parts[0]!.startedAt);
    expect(rec.chapters).toEqual([
      { at: expect.closeTo((itemAt.at.getTime() - start) / 1000, 0), kind: 'item', title: '1. Báo cáo kết quả giao ban' },
      { at: expect.closeTo((floorAt.at.getTime() - start) / 1000, 0), kind: 'speaker', title: f.chair.displayName },
    ]);
    // The joined list plays: ffprobe reads video and audio through the public route.
    const list = await fetch(`${server.url}${rec.playlistUrl}`);
    expect(list.status).toBe(200);
    const seg = await fetch(`${server.url}/api/public/sittings/${f.sittingId}/recording/p0-rec-00000.ts`);
    const file = join(dir, 'seg.ts');
    writeFileSync(file, Buffer.from(await seg.arrayBuffer()));
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file], { encoding: 'utf8' })) as { streams: Array<{ codec_type: string }> };
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  }, 90_000);
});

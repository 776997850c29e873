import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/testServer.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { clientBuildPerFile, ENGINES, openSignedIn, overflowsHorizontally, smallTouchTargets, shotFromTop } from './browser.js';
import { peerIdOf, waitForFlowing } from './mediaBrowser.js';
import type { MediaService } from '../../media/src/MediaService.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';

type Opened = { page: Page; problems: string[] };

const client = clientBuildPerFile();

/**
 * A province-to-commune briefing in real Chromium and real Firefox with fake cameras and
 * microphones: the main hall (the chair) and two commune rooms, over a real server and real
 * mediasoup workers.
 */
describe.each(ENGINES)('video briefing in %s', (engine) => {
  let rig: BriefingRig;
  let server: TestServer;
  let media: MediaService;
  let browser: Browser;
  let f: BriefingRig['f'];
  let hall: Opened;
  let room1: Opened;
  let room2: Opened;
  let delegate: ClientSocket;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 2, ports: { min: 44000, max: 44999 }, engine, client });
    ({ server, media, browser, f } = rig);
  }, 180_000);

  afterAll(async () => {
    delegate?.close();
    await rig?.stop();
  });

  async function openAs(userId: string, path = `/hop-truc-tuyen/${f.sittingId}`): Promise<Opened> {
    const opened = await openSignedIn(browser, server, userId, path, { viewport: { width: 1280, height: 900 } });
    // Set once per page load: still there after recovery means the page was never reloaded.
    await opened.page.evaluate('window.__loadedOnce = true');
    return opened;
  }

  const shot = shotFromTop;
  const live = (p: Page) => p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 20_000 });
  const hallVideo = async (p: Page) => {
    const hallPeer = await peerIdOf(p, { role: 'hall' });
    return waitForFlowing(p, (s) => s.find((x) => x.kind === 'video' && x.source === 'camera' && x.peerId === hallPeer));
  };

  it('the hall and two commune rooms join; each room receives the hall video (bytes and decoded frames rise)', async () => {
    hall = await openAs(f.chair.id);
    await live(hall.page);
    // The operator finds the room from the list of briefings of their meeting point (the
    // closed sitting, which admits no meeting point, is not offered).
    room1 = await openAs(f.operator1.id, '/hop-truc-tuyen');
    const enter = room1.page.getByRole('link', { name: /^Vào phòng họp: / });
    await enter.first().waitFor();
    expect(await enter.allInnerTexts()).toEqual(['Vào phòng họp: Giao ban tỉnh – xã']);
    await shot(room1.page, 'briefing-picker.png');
    await enter.click();
    room2 = await openAs(f.operator2.id);
    await Promise.all([live(room1.page), live(room2.page)]);
    for (const r of [room1, room2]) {
      const v = await hallVideo(r.page);
      expect(v.framesDecoded).toBeGreaterThan(0);
    }
    // The chair's grid shows both rooms' cameras; the rooms do not see each other.
    await expect.poll(() => hall.page.getByTestId('room-thumbnail').count(), { timeout: 15_000 }).toBe(2);
    expect(await room1.page.getByTestId('room-grid').count()).toBe(0);
    await shot(hall.page, 'briefing-hall.png');
    await shot(room1.page, 'briefing-room1.png');
    for (const p of [hall.page, room1.page]) {
      expect(await smallTouchTargets(p)).toEqual([]);
      expect(await overflowsHorizontally(p)).toBe(false);
    }
  }, 90_000);

  /**
   * A failed layer wait says why, from the server's side: the layers the hall sends (bitrate
   * per rid), what room 2's consumer of it prefers and forwards, and the bandwidth estimate.
   */
  const explained = async (wait: () => Promise<unknown>) => {
    try {
      await wait();
    } catch (err) {
      const room = await media.existing(f.sittingId);
      const peers = room?.peers() ?? [];
      const sent = await Promise.all(peers.flatMap((p) => p.producers().filter((x) => x.kind === 'video').map(async (x) => ({ peer: p.id, rids: (await x.getStats()).map((st) => `${st.rid ?? '-'}:${Math.round(st.bitrate / 1000)}kbps`) }))));
      const got = peers.flatMap((p) => p.consumers().filter((c) => c.kind === 'video').map((c) => ({ peer: p.id, preferred: c.preferredLayers?.spatialLayer, current: c.currentLayers?.spatialLayer })));
      const bwe = await Promise.all(peers.flatMap((p) => p.transportList().map(async (t) => ({ peer: p.id, out: (await t.getStats())[0]?.availableOutgoingBitrate }))));
      throw new Error(`${(err as Error).message}; video sent ${JSON.stringify(sent)}; consumed ${JSON.stringify(got)}; estimates ${JSON.stringify(bwe)}`);
    }
  };

  it('each room receives the hall simulcast layer that fits the size it shows the video at', async () => {
    const layerOfHall = async (p: Page) => {
      const hallPeer = await peerIdOf(p, { role: 'hall' });
      const remotes = (await p.evaluate('window.hdndMedia.remotes.map((r) => ({ peerId: r.peerId, kind: r.kind, spatialLayer: r.spatialLayer }))')) as Array<{ peerId: string; kind: string; spatialLayer: number | null }>;
      return remotes.find((r) => r.peerId === hallPeer && r.kind === 'video')?.spatialLayer ?? null;
    };
    // The hall's encoder ramps its upper layers up over the first seconds (later under load).
    await explained(() => expect.poll(() => layerOfHall(room2.page), { timeout: 30_000 }).toBeGreaterThanOrEqual(1));
    // A phone-sized window: the main video is under 320 px wide, the lowest layer fits it.
    await room2.page.setViewportSize({ width: 300, height: 700 });
    await explained(() => expect.poll(() => layerOfHall(room2.page), { timeout: 20_000 }).toBe(0));
    await shot(room2.page, 'briefing-room2-narrow.png');
    await room2.page.setViewportSize({ width: 1280, height: 900 });
    await explained(() => expect.poll(() => layerOfHall(room2.page), { timeout: 20_000 }).toBeGreaterThanOrEqual(1));
  }, 90_000);

  it('the chair gives the floor to room 2 from the speaker queue, and room 1 starts receiving room 2 audio', async () => {
    const room2Peer = await peerIdOf(room1.page, { role: 'room', meetingPointId: f.mp2 });
    expect(room2Peer).not.toBeNull();
    expect((await room1.page.evaluate('window.hdndMedia.remotes.map((r) => r.peerId)')) as string[]).not.toContain(room2Peer);

    delegate = await connectSocket(server.url, await cookieFor(server.deps, f.roomDelegate.id));
    expect((await delegate.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect((await delegate.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: randomUUID(), kind: 'speak' })).ok).toBe(true);
    await hall.page.getByRole('button', { name: `Mời phát biểu: ${f.roomDelegate.displayName}` }).click();

    const audio = await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'audio' && x.peerId === room2Peer));
    expect(audio.bytesReceived).toBeGreaterThan(0);
    await room1.page.locator(`[data-testid="floor-video"][data-floor="${f.mp2}"]`).waitFor();
    await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'video' && x.peerId === room2Peer));
    await shot(room1.page, 'briefing-room1-floor.png');
    await shot(hall.page, 'briefing-hall-floor.png');
  }, 60_000);

  it('killing the worker process restores media within 10 s without reloading any page', async () => {
    const room = await media.existing(f.sittingId)!;
    const pid = room.placement().workerPids[0]!;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const pages = [hall.page, room1.page, room2.page];
    await Promise.all(pages.map((p) => p.locator('[data-testid="media-status"][data-status="reconnecting"], [data-testid="media-status"][data-status="connecting"]').first().waitFor({ timeout: 5_000 }).catch(() => {})));
    await Promise.all(pages.map((p) => live(p)));
    await Promise.all([hallVideo(room1.page), hallVideo(room2.page)]);
    const restoredMs = Date.now() - killedAt;
    expect(restoredMs).toBeLessThan(10_000);
    for (const p of pages) {
      expect(await p.evaluate('window.__loadedOnce === true')).toBe(true);
      expect(await p.evaluate('window.hdndMedia.restarts')).toBeGreaterThanOrEqual(1);
    }
    expect(room.placement().workerPids[0]).not.toBe(pid);
    await shot(room2.page, 'briefing-room2-recovered.png');
    for (const o of [hall, room1, room2]) expect(o.problems).toEqual([]);
  }, 60_000);
});

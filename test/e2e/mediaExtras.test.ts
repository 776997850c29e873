import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/testServer.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { openSignedIn, shotFromTop } from './browser.js';
import { inboundOf, peerIdOf, waitForFlowing, type Inbound } from './mediaBrowser.js';
import type { MediaService } from '../../media/src/MediaService.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';

/** A page, its errors, and the media commands it has sent on its socket.io connection. */
type Opened = { page: Page; problems: string[]; sent: string[] };

/** Records the socket.io events the page emits (WebSocket frames, or long-polling posts before the upgrade). */
function recordEmits(page: Page): string[] {
  const sent: string[] = [];
  const note = (payload: string | Buffer | null) => {
    for (const m of String(payload ?? '').matchAll(/"(media:[A-Za-z]+)"/g)) sent.push(m[1]!);
  };
  page.on('websocket', (ws) => ws.on('framesent', (frame) => note(frame.payload)));
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/socket.io/')) note(r.postData()); });
  return sent;
}

/**
 * What media.test.ts does not cover: the hall's shared screen, an ICE restart when the media
 * path dies, the active-speaker highlight, and the meeting room's code loaded only when a
 * briefing is opened. Real server, one real mediasoup worker, real Chromium with fake devices
 * (its fake screen capture included: getDisplayMedia works headless with the fake-UI flag).
 */
describe('video briefing in Chromium: screen sharing, ICE restart, active speaker, lazy loading', () => {
  let rig: BriefingRig;
  let server: TestServer;
  let media: MediaService;
  let browser: Browser;
  let f: BriefingRig['f'];
  let hall: Opened;
  let room1: Opened;
  let room2: Opened;
  let delegate: ClientSocket | undefined;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 1, ports: { min: 45000, max: 45999 }, talking: true });
    ({ server, media, browser, f } = rig);
  }, 180_000);

  afterAll(async () => {
    delegate?.close();
    await rig?.stop();
  });

  async function openAs(userId: string): Promise<Opened> {
    let sent: string[] = [];
    const opened = await openSignedIn(browser, server, userId, `/hop-truc-tuyen/${f.sittingId}`, { viewport: { width: 1280, height: 900 } }, (page) => { sent = recordEmits(page); });
    await opened.page.evaluate('window.__loadedOnce = true');
    return { page: opened.page, problems: opened.problems, sent };
  }
  const shot = shotFromTop;
  const live = (p: Page) => p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 20_000 });

  it('the hall shares its screen: the room receives it as its main video (bytes and decoded frames rise) with the presenter\'s camera small on the lowest layer, and both return when sharing stops', async () => {
    hall = await openAs(f.chair.id);
    room1 = await openAs(f.operator1.id);
    await Promise.all([live(hall.page), live(room1.page)]);
    const hallPeer = await peerIdOf(room1.page, { role: 'hall' });
    expect(hallPeer).not.toBeNull();
    await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'video' && x.source === 'camera' && x.peerId === hallPeer));

    await hall.page.getByRole('button', { name: 'Trình chiếu màn hình' }).click();
    await hall.page.getByRole('button', { name: 'Dừng trình chiếu' }).waitFor();
    // The presenter sees what the rooms see.
    await hall.page.getByTestId('self-screen').locator('video').waitFor();
    const screen = await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'video' && x.source === 'screen' && x.peerId === hallPeer));
    expect(screen.framesDecoded).toBeGreaterThan(0);
    // The shared screen takes the room's large view, captioned as the hall's screen.
    await expect.poll(() => room1.page.getByTestId('main-video').locator('figcaption').innerText(), { timeout: 10_000 }).toContain('Màn hình trình chiếu');
    // The presenter's camera goes beside it, small: received on the lowest layer meanwhile.
    const hallCameraLayer = async () => ((await room1.page.evaluate(`window.hdndMedia.remotes.filter((r) => r.peerId === ${JSON.stringify(hallPeer)} && r.source === 'camera').map((r) => r.spatialLayer)`)) as Array<number | null>)[0];
    await room1.page.getByTestId('presenter-camera').locator('video').waitFor();
    await expect.poll(hallCameraLayer, { timeout: 20_000 }).toBe(0);
    await shot(room1.page, 'briefing-room1-screen.png');
    await shot(hall.page, 'briefing-hall-sharing.png');

    await hall.page.getByRole('button', { name: 'Dừng trình chiếu' }).click();
    await hall.page.getByTestId('self-screen').waitFor({ state: 'detached' });
    await expect.poll(async () => (await inboundOf(room1.page)).filter((x) => x.source === 'screen').length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => room1.page.getByTestId('main-video').locator('figcaption').innerText(), { timeout: 10_000 }).not.toContain('Màn hình trình chiếu');
    await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'video' && x.source === 'camera' && x.peerId === hallPeer));
    // The camera has the large view again, and the layer that fits it.
    expect(await room1.page.getByTestId('presenter-camera').count()).toBe(0);
    await expect.poll(hallCameraLayer, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(hall.problems).toEqual([]);
    expect(room1.problems).toEqual([]);
  }, 90_000);

  it('when the media path goes silent, each page restarts ICE through media:restartIce and media flows again, without setting media up again or reloading', async () => {
    const hallPeer = (await peerIdOf(room1.page, { role: 'hall' }))!;
    const hallCamera = (s: Inbound[]) => s.find((x) => x.kind === 'video' && x.source === 'camera' && x.peerId === hallPeer);
    await waitForFlowing(room1.page, hallCamera);
    const consumersBefore = await room1.page.evaluate('window.hdndMedia.remotes.map((r) => r.consumerId).sort()');
    const opened = [hall, room1];
    const pages = opened.map((o) => o.page);
    for (const p of pages) expect(await p.evaluate('[window.hdndMedia.restarts, window.hdndMedia.iceRestarts]')).toEqual([0, 0]);
    const restartIceSent = (o: Opened) => o.sent.filter((e) => e === 'media:restartIce').length;
    for (const o of opened) expect(restartIceSent(o)).toBe(0);

    // The worker stops answering (no STUN, no RTP) while the app's socket stays up: to the
    // browser, what a dead network path looks like. Chromium calls its transports
    // 'disconnected' after ~6 s of silence, and 2 s later the client asks for new ICE
    // credentials (a shorter outage recovers by itself, rightly without a restart). The
    // path comes back once both pages have asked; the answer waits for it.
    const room = await media.existing(f.sittingId)!;
    const pid = room.placement().workerPids[0]!;
    const t0 = Date.now();
    process.kill(pid, 'SIGSTOP');
    let stalled: number;
    let askedAfterMs: number;
    try {
      // What was already on its way is delivered first.
      await new Promise((r) => setTimeout(r, 700));
      const a = hallCamera(await inboundOf(room1.page))!.bytesReceived;
      await new Promise((r) => setTimeout(r, 1500));
      stalled = hallCamera(await inboundOf(room1.page))!.bytesReceived - a;
      for (const o of opened) await expect.poll(() => restartIceSent(o), { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(1);
      askedAfterMs = Date.now() - t0;
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(stalled).toBe(0);
    // The pages asked for ICE credentials only; nobody joined again.
    for (const o of opened) expect(o.sent.filter((e) => e === 'media:join')).toHaveLength(1);
    for (const p of pages) await expect.poll(() => p.evaluate('window.hdndMedia.iceRestarts'), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await waitForFlowing(room1.page, hallCamera);
    console.log(`ICE restart: asked ${askedAfterMs} ms and media flowing ${Date.now() - t0} ms after the path went silent`);
    // Recovered in place: the same consumers, no new join, the same page.
    expect(await room1.page.evaluate('window.hdndMedia.remotes.map((r) => r.consumerId).sort()')).toEqual(consumersBefore);
    for (const p of pages) {
      expect(await p.evaluate('window.hdndMedia.restarts')).toBe(0);
      expect(await p.evaluate('window.__loadedOnce === true')).toBe(true);
      expect(await p.locator('[data-testid="media-status"]').getAttribute('data-status')).toBe('live');
    }
    expect(hall.problems).toEqual([]);
    expect(room1.problems).toEqual([]);
  }, 60_000);

  it('the speaker highlight moves to the peer that is talking: room 2 with the floor while the hall is muted, then the hall', async () => {
    room2 = await openAs(f.operator2.id);
    await live(room2.page);
    delegate = await connectSocket(server.url, await cookieFor(server.deps, f.roomDelegate.id));
    expect((await delegate.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect((await delegate.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: randomUUID(), kind: 'speak' })).ok).toBe(true);
    await hall.page.getByRole('button', { name: `Mời phát biểu: ${f.roomDelegate.displayName}` }).click();
    const room2Peer = (await peerIdOf(room1.page, { role: 'room', meetingPointId: f.mp2 }))!;
    const hallPeer = (await peerIdOf(room1.page, { role: 'hall' }))!;
    // Both are heard now: the hall, and room 2 holding the floor (each a fake microphone's tone).
    await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'audio' && x.peerId === room2Peer));
    await waitForFlowing(room1.page, (s) => s.find((x) => x.kind === 'audio' && x.peerId === hallPeer));
    const floorTile = room1.page.getByTestId('floor-tile');
    const mainVideo = room1.page.getByTestId('main-video');
    const speakingIn = (p: Page) => p.evaluate('window.hdndMedia.speaker');

    // The hall mutes: only room 2 talks, and everyone's highlight goes to room 2.
    await hall.page.getByRole('button', { name: 'Tắt micrô' }).click();
    const toRoom2 = Date.now();
    await expect.poll(() => speakingIn(room1.page), { timeout: 20_000 }).toBe(room2Peer);
    const toRoom2Ms = Date.now() - toRoom2;
    await expect.poll(() => floorTile.getAttribute('data-speaking'), { timeout: 10_000 }).toBe('true');
    expect(await mainVideo.getAttribute('data-speaking')).toBe('false');
    await expect.poll(() => speakingIn(hall.page), { timeout: 10_000 }).toBe(room2Peer);
    await expect.poll(() => hall.page.locator('[data-testid="room-thumbnail"][data-speaking="true"]').count(), { timeout: 10_000 }).toBe(1);
    await shot(room1.page, 'briefing-room1-speaker-room2.png');
    await shot(hall.page, 'briefing-hall-speaker-room2.png');

    // The hall speaks again and room 2 mutes: the highlight moves back to the hall.
    await hall.page.getByRole('button', { name: 'Bật micrô' }).click();
    await room2.page.getByRole('button', { name: 'Tắt micrô' }).click();
    const toHall = Date.now();
    await expect.poll(() => speakingIn(room1.page), { timeout: 20_000 }).toBe(hallPeer);
    console.log(`active speaker: room 2 highlighted ${toRoom2Ms} ms after the hall muted, the hall ${Date.now() - toHall} ms after room 2 muted`);
    await expect.poll(() => mainVideo.getAttribute('data-speaking'), { timeout: 10_000 }).toBe('true');
    expect(await floorTile.getAttribute('data-speaking')).toBe('false');
    await expect.poll(() => speakingIn(room2.page), { timeout: 10_000 }).toBe(hallPeer);
    await shot(room1.page, 'briefing-room1-speaker-hall.png');
    for (const o of [hall, room1, room2]) expect(o.problems).toEqual([]);
  }, 90_000);

  it('the meeting room and mediasoup-client are a chunk of their own, fetched only when a briefing is opened', async () => {
    // What the page itself fetches (the service worker's background precache is not the page's).
    const scripts: string[] = [];
    const { context, page, problems } = await openSignedIn(browser, server, f.operator1.id, '/hop-truc-tuyen', { viewport: { width: 1280, height: 900 } }, (p) => {
      p.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
    });
    const enter = page.getByRole('link', { name: /^Vào phòng họp: / });
    await enter.first().waitFor();
    await page.evaluate('window.__loadedOnce = true');
    expect(scripts.some((u) => /\/assets\/BriefingPicker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(scripts.filter((u) => /MeetingRoom/.test(u))).toEqual([]);
    await enter.first().click();
    await live(page);
    const chunk = scripts.filter((u) => /\/assets\/MeetingRoom-[\w-]+\.js$/.test(u));
    expect(chunk).toHaveLength(1);
    // mediasoup-client (its SDP user name says so) travels in that chunk or in one it imports
    // (shared with the own-device tablet's chunk), not in the entry script.
    const text = async (path: string) => (await fetch(server.url + path)).text();
    const withImports = async (path: string) => {
      const body = await text(path);
      const deps = [...body.matchAll(/from"\.\/([\w.-]+\.js)"/g)].map((m) => `/assets/${m[1]}`);
      return [body, ...(await Promise.all(deps.map(text)))].join('\n');
    };
    expect(await withImports(chunk[0]!)).toContain('mediasoup-client-v');
    const entry = scripts.find((u) => /\/assets\/index-[\w-]+\.js$/.test(u));
    expect(entry).toBeDefined();
    expect(await text(entry!)).not.toContain('mediasoup-client-v');
    expect(await page.evaluate('window.__loadedOnce === true')).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

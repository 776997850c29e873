import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/testServer.js';
import { connectSocket, cookieFor, type ClientSocket } from '../helpers/sockets.js';
import { openSignedIn, overflowsHorizontally, smallTouchTargets, textOf } from './browser.js';
import { peerIdOf, waitForFlowing } from './mediaBrowser.js';
import { startBriefingRig, type BriefingRig } from './briefingRig.js';

/** Screenshots of the ended briefing, looked at by hand (not committed). */
const SHOTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'test-results', 'shots');

type Opened = { page: Page; problems: string[] };

/**
 * Keeps every track the page gets from its devices — camera and microphone (getUserMedia),
 * the shared screen (getDisplayMedia) and any clone of them — in `window.__localTracks`, so
 * the test can see whether the camera light would still be on.
 */
const COLLECT_TRACKS = `(() => {
  const tracks = [];
  window.__localTracks = tracks;
  const md = navigator.mediaDevices;
  for (const name of ['getUserMedia', 'getDisplayMedia']) {
    const original = md[name].bind(md);
    md[name] = async (constraints) => {
      const stream = await original(constraints);
      for (const track of stream.getTracks()) tracks.push({ from: name, track });
      return stream;
    };
  }
  const clone = MediaStreamTrack.prototype.clone;
  MediaStreamTrack.prototype.clone = function () {
    const copy = clone.call(this);
    tracks.push({ from: 'clone', track: copy });
    return copy;
  };
})()`;

/** The browser refuses the camera and microphone once (as when the user blocked them), then allows them. */
const REFUSE_DEVICES_ONCE = `(() => {
  const md = navigator.mediaDevices;
  const original = md.getUserMedia.bind(md);
  let refused = false;
  md.getUserMedia = (constraints) => {
    if (refused) return original(constraints);
    refused = true;
    return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  };
})()`;

/** "getUserMedia audio live" for each collected track. */
const tracksOf = (p: Page) => p.evaluate('window.__localTracks.map((t) => `${t.from} ${t.track.kind} ${t.track.readyState}`)') as Promise<string[]>;
const liveTracks = async (p: Page) => (await tracksOf(p)).filter((t) => t.endsWith(' live'));

/**
 * The end of a video briefing in real Chromium with fake devices (real server, one real
 * mediasoup worker): the chair closes the sitting while the hall and a commune room are on.
 */
describe('video briefing in Chromium: the end of the sitting', () => {
  let rig: BriefingRig;
  let server: TestServer;
  let browser: Browser;
  let f: BriefingRig['f'];
  let hall: Opened;
  let room: Opened;
  let chair: ClientSocket | undefined;

  beforeAll(async () => {
    rig = await startBriefingRig({ workers: 1, ports: { min: 47000, max: 47999 } });
    ({ server, browser, f } = rig);
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    chair?.close();
    await rig?.stop();
  });

  async function openAs(userId: string): Promise<Opened> {
    const opened = await openSignedIn(browser, server, userId, `/hop-truc-tuyen/${f.sittingId}`, { viewport: { width: 1280, height: 900 } },
      (page) => void page.addInitScript(COLLECT_TRACKS));
    return { page: opened.page, problems: opened.problems };
  }
  const statusOf = (p: Page) => p.getByTestId('media-status').getAttribute('data-status');
  const live = (p: Page) => p.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 20_000 });
  const muteButtons = (p: Page) => p.getByRole('button', { name: /^(Tắt|Bật) (micrô|camera)$/ }).count();
  const selfViews = (p: Page) => p.locator('[data-testid="self-view"], [data-testid="self-screen"], [data-testid="floor-tile"]').count();

  /** A tablet and a desktop screenshot; both sizes fit the window with large touch targets. */
  async function shots(p: Page, name: string): Promise<void> {
    for (const [w, h] of [[1024, 768], [1440, 900]] as const) {
      await p.setViewportSize({ width: w, height: h });
      await p.evaluate('window.scrollTo(0, 0)');
      await p.screenshot({ path: join(SHOTS, `${name}-${w}x${h}.png`), fullPage: true });
      expect(await smallTouchTargets(p)).toEqual([]);
      expect(await overflowsHorizontally(p)).toBe(false);
    }
  }

  it('closing the sitting stops every camera, microphone and shared-screen track in the hall and the commune room, and hides the self-view and the mute buttons (how long it took is printed)', async () => {
    hall = await openAs(f.chair.id);
    room = await openAs(f.operator1.id);
    await Promise.all([live(hall.page), live(room.page)]);
    await hall.page.getByRole('button', { name: 'Trình chiếu màn hình' }).click();
    await hall.page.getByTestId('self-screen').locator('video').waitFor();
    // Before: the hall's camera, microphone and screen, and the room's camera and microphone are on.
    await expect.poll(async () => (await liveTracks(hall.page)).filter((t) => !t.startsWith('clone')).sort(), { timeout: 10_000 })
      .toEqual(['getDisplayMedia video live', 'getUserMedia audio live', 'getUserMedia video live']);
    expect((await liveTracks(room.page)).filter((t) => !t.startsWith('clone')).sort()).toEqual(['getUserMedia audio live', 'getUserMedia video live']);
    for (const p of [hall.page, room.page]) {
      expect(await muteButtons(p)).toBe(2);
      expect(await selfViews(p)).toBeGreaterThanOrEqual(1);
    }

    chair = await connectSocket(server.url, await cookieFor(server.deps, f.chair.id));
    expect((await chair.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
    expect((await chair.emitWithAck('sitting:setStatus', { sittingId: f.sittingId, commandId: randomUUID(), status: 'closed' })).ok).toBe(true);
    const closedAt = Date.now();
    const took: string[] = [];
    for (const [name, p] of [['hall', hall.page], ['room', room.page]] as const) {
      // A bound for a hung page only: how fast is a figure, printed below (well under 2 s on a
      // quiet machine; the suites running beside it on a shared CI machine stretch it).
      await expect.poll(() => liveTracks(p), { timeout: 15_000, interval: 100 }).toEqual([]);
      took.push(`${name} ${Date.now() - closedAt} ms`);
      expect(await statusOf(p)).toBe('ended');
      expect(await muteButtons(p)).toBe(0);
      expect(await selfViews(p)).toBe(0);
      expect(await p.getByRole('button', { name: /Trình chiếu màn hình|Dừng trình chiếu/ }).count()).toBe(0);
      expect(await textOf(p.getByRole('main'))).toContain('Phiên họp đã kết thúc');
    }
    console.log(`briefing end: every track stopped after the close: ${took.join(', ')}`);
    // Nothing comes back on: no reconnection, no new device request.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const p of [hall.page, room.page]) {
      expect(await liveTracks(p)).toEqual([]);
      expect(await statusOf(p)).toBe('ended');
    }
    // The chair goes on to the minutes; a commune room has none to write.
    expect(await hall.page.getByRole('link', { name: 'Biên bản' }).getAttribute('href')).toBe(`/bien-ban/${f.sittingId}`);
    expect(await room.page.getByRole('link', { name: 'Biên bản' }).count()).toBe(0);
    await shots(hall.page, 'briefing-ended-hall');
    await shots(room.page, 'briefing-ended-room');
    for (const o of [hall, room]) expect(o.problems).toEqual([]);
  }, 90_000);

  it('the meeting room of a closed sitting shows the server\'s reason, in either language, not a reload hint, and opens no camera or microphone', async () => {
    for (const o of [room, hall]) {
      await o.page.reload();
      // Refused by the server (the sitting is closed): its end, told in the server's words.
      const over = o.page.getByTestId('briefing-over');
      await over.waitFor({ timeout: 15_000 });
      expect(await statusOf(o.page)).toBe('ended');
      const text = await textOf(over);
      expect(text).toContain('Phiên họp đã kết thúc.');
      expect(text).not.toMatch(/tải lại|người khác thay đổi/i);
      expect(await tracksOf(o.page)).toEqual([]);
      expect(await muteButtons(o.page)).toBe(0);
      expect(await selfViews(o.page)).toBe(0);
    }
    await shots(room.page, 'briefing-closed-room');

    await room.page.getByRole('button', { name: 'English' }).click();
    const english = await textOf(room.page.getByTestId('briefing-over'));
    expect(english).toContain('The sitting has ended.');
    expect(english).not.toMatch(/reload|someone else/i);
    await shots(room.page, 'briefing-closed-room-en');
    for (const o of [hall, room]) expect(o.problems).toEqual([]);
  }, 60_000);

  it('a camera and microphone the browser refused are opened again with "Mở lại thiết bị" and sent, with no reload hint and no reload', async () => {
    // The closed-doors sitting is still open: the chair is its hall, a hall delegate watches.
    const path = `/hop-truc-tuyen/${f.closedSittingId}`;
    const chairPage = await openSignedIn(browser, server, f.chair.id, path, { viewport: { width: 1024, height: 768 } },
      (page) => { void page.addInitScript(REFUSE_DEVICES_ONCE); void page.addInitScript(COLLECT_TRACKS); });
    const p = chairPage.page;
    await live(p);
    await p.evaluate('window.__loadedOnce = true');
    const refused = p.getByRole('alert');
    expect(await textOf(refused)).toContain('Không mở được camera hoặc micrô (NotAllowedError)');
    expect(await textOf(refused)).not.toMatch(/tải lại/i);
    await p.screenshot({ path: join(SHOTS, 'briefing-devices-refused-1024x768.png'), fullPage: true });

    await p.getByRole('button', { name: 'Mở lại thiết bị' }).click();
    await refused.waitFor({ state: 'detached' });
    expect((await liveTracks(p)).sort()).toEqual(['getUserMedia audio live', 'getUserMedia video live']);
    // Sent, not just shown: a delegate watching the sitting receives the hall's camera.
    const watcher = await openSignedIn(browser, server, f.hallDelegate.id, path);
    await live(watcher.page);
    const hallPeer = await peerIdOf(watcher.page, { role: 'hall' });
    await waitForFlowing(watcher.page, (st) => st.find((x) => x.kind === 'video' && x.source === 'camera' && x.peerId === hallPeer));
    expect(await p.evaluate('window.__loadedOnce === true')).toBe(true);
    for (const o of [chairPage, watcher]) expect(o.problems).toEqual([]);
    await watcher.context.close();
    await chairPage.context.close();
  }, 60_000);
});

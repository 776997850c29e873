import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { join } from 'node:path';
import { openSignedIn, overflowsHorizontally, SCREENSHOT_DIR, shotFromTop, smallTouchTargets, watchProblems, type Opened } from './browser.js';
import { CLOCK_CAMERA, median, readClockFrames, soundPeak, startWebcastRig, until, type WebcastRig } from './webcastRig.js';

/**
 * The live webcast of a public sitting end to end (issue 16), over real mediasoup workers,
 * a real server running ffmpeg, and Chromium: the chair's hall page publishes the hall's camera
 * (a canvas painting the wall clock) and microphone (Chromium's fake beep); the chair runs the
 * sitting from the console; an anonymous visitor's portal page plays the live HLS — frames
 * decoded, sound present — with Chromium's own HLS and with hls.js (forced, as where the
 * browser has none), and the glass-to-glass delay is read off the picture. The hall dropping
 * out takes the players back to waiting, and its return brings the picture back. Then the
 * chair, on the console, makes the sitting closed-door (họp kín): the playlist is gone at once, and the portal stops
 * playing and says the sitting is no longer public.
 */
const VIDEO = '[data-testid=live-video] video';
const PLAYERS = ['native', 'hls.js'] as const;
type Player = (typeof PLAYERS)[number];
interface Portal { context: BrowserContext; page: Page; problems: string[] }

interface Playback { frames: number; dropped: number; time: number; width: number; height: number; audioBytes: number; paused: boolean; muted: boolean; src: string }
/** The portal's <video> as the browser plays it (null: no video in the page). */
const playback = (p: Page) => p.evaluate(`(() => {
  const v = document.querySelector('${VIDEO}');
  if (!v) return null;
  const q = v.getVideoPlaybackQuality();
  return { frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, time: v.currentTime, width: v.videoWidth, height: v.videoHeight,
    audioBytes: v.webkitAudioDecodedByteCount, paused: v.paused, muted: v.muted, src: v.currentSrc };
})()`) as Promise<Playback | null>;

describe('the live webcast of a public sitting, played on the portal', () => {
  let rig: WebcastRig;
  let f: WebcastRig['f'];
  let hall: Opened;
  let console_: Opened;
  /** The portal as an anonymous visitor: Chromium's own HLS player, and hls.js. */
  const portals: Record<Player, Portal> = {} as Record<Player, Portal>;
  const items: string[] = [];

  beforeAll(async () => {
    rig = await startWebcastRig({ workers: 2, ports: { min: 53000, max: 53999 } });
    f = rig.f;
    const { models } = rig.server.deps;
    const created = await models.AgendaItem.create([
      { sessionId: f.sessionId, order: 1, title: 'Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội', kind: 'report' },
      { sessionId: f.sessionId, order: 2, title: 'Tờ trình về kế hoạch đầu tư công năm 2027', kind: 'report' },
    ]);
    items.push(...created.map((d) => String(d._id)));
    await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { agendaItemIds: items } });
  }, 180_000);

  afterAll(async () => {
    for (const o of [hall, console_, ...Object.values(portals)]) if (o) expect(o.problems).toEqual([]);
    await rig?.stop();
  });

  const playlist = () => fetch(`${rig.server.url}/api/public/sittings/${f.sittingId}/live/index.m3u8`);

  /** The chair's hall page, publishing the clock camera and the fake microphone. */
  async function hallOnAir(): Promise<Opened> {
    const o = await openSignedIn(rig.browser, rig.server, f.chair.id, `/hop-truc-tuyen/${f.sittingId}`, { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' },
      (p) => void p.addInitScript(CLOCK_CAMERA));
    await o.page.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 30_000 });
    return o;
  }

  async function openPortal(player: Player): Promise<Portal> {
    const context = await rig.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    // Where the browser has no HLS of its own (Firefox, older Chromium), the portal uses hls.js.
    if (player === 'hls.js') await context.addInitScript("const own = HTMLMediaElement.prototype.canPlayType; HTMLMediaElement.prototype.canPlayType = function (t) { return /mpegurl/i.test(t) ? '' : own.call(this, t); };");
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${rig.server.url}/cong-khai/phien-hop/${f.sittingId}`);
    await page.getByRole('heading', { level: 1, name: 'Giao ban tỉnh – xã' }).waitFor();
    return { context, page, problems };
  }

  /** Waits until the portal's player plays frames; the time it took. */
  async function plays(p: Page, timeoutMs: number): Promise<number> {
    const t0 = Date.now();
    await p.locator('[data-testid=live-video][data-phase=on] video').waitFor({ timeout: timeoutMs });
    await until(p, `(() => { const v = document.querySelector('${VIDEO}'); return v && v.readyState >= 2 && v.getVideoPlaybackQuality().totalVideoFrames > 0; })()`, timeoutMs);
    return Date.now() - t0;
  }

  it('the hall goes on air and the chair runs the sitting from the console; the portal plays the live video with sound (Chromium\'s HLS and hls.js)', async () => {
    hall = await hallOnAir();
    const onAir = Date.now();
    portals.native = await openPortal('native');
    portals['hls.js'] = await openPortal('hls.js');
    const panel = portals.native.page.getByTestId('live-panel');
    await panel.waitFor();

    // The chair, on the console, takes up the first item: the portal's live panel follows.
    console_ = await openSignedIn(rig.browser, rig.server, f.chair.id, `/dieu-hanh/${f.sittingId}`, { viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    const next = console_.page.getByTestId('agenda-control').getByRole('button', { name: 'Nội dung tiếp theo' });
    await next.click();
    await panel.getByTestId('live-current').filter({ hasText: 'Báo cáo kết quả thực hiện nhiệm vụ' }).waitFor({ timeout: 10_000 });

    // Both players find the playlist and play (muted, as browsers autoplay), frames and sound decoded.
    for (const player of PLAYERS) {
      const { page } = portals[player];
      await plays(page, 45_000);
      console.log(`webcast e2e: hall on air → portal playing (${player}) after ${Date.now() - onAir} ms (the player polls the playlist every 5 s)`);
      const src = (await playback(page))!.src;
      if (player === 'native') expect(src).toBe(`${rig.server.url}/api/public/sittings/${f.sittingId}/live/index.m3u8`);
      else expect(src).toMatch(/^blob:/);
    }
    for (const player of PLAYERS) {
      const { page } = portals[player];
      const a = (await playback(page))!;
      await page.waitForTimeout(3000);
      const b = (await playback(page))!;
      console.log(`webcast e2e: ${player} playback ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      expect(b.width).toBeGreaterThan(0);
      expect(b.height).toBeGreaterThan(0);
      expect(b.frames - a.frames).toBeGreaterThan(15); // the fake camera's 15 fps for 3 s: 45, less on a busy machine
      expect(b.time - a.time).toBeGreaterThan(1.5);
      expect(b.paused).toBe(false);
      // Sound: AAC decoded all along, and the hall's beep heard once unmuted with "Bật tiếng".
      expect(a.audioBytes).toBeGreaterThan(0);
      expect(b.audioBytes).toBeGreaterThan(a.audioBytes);
      await page.getByTestId('live-video').getByRole('button', { name: 'Bật tiếng' }).click();
      await page.getByTestId('live-video').getByRole('button', { name: 'Tắt tiếng' }).waitFor();
      const peak = await soundPeak(page, VIDEO, 3000);
      console.log(`webcast e2e: ${player} sound peak ${peak.toFixed(3)} (full scale 1)`);
      expect(peak).toBeGreaterThan(0.05);
    }

    // The chair moves on: the panel follows while the video keeps playing.
    await next.click();
    await panel.getByTestId('live-current').filter({ hasText: 'Tờ trình về kế hoạch đầu tư công năm 2027' }).waitFor({ timeout: 10_000 });

    // Glass to glass: the hall's canvas paints the clock; each portal reads it off every frame
    // it presents — for 10 s, by then the webcast has run for over 25 s and must still flow.
    const before = await Promise.all(PLAYERS.map((pl) => playback(portals[pl].page)));
    for (const pl of PLAYERS) await readClockFrames(portals[pl].page, VIDEO);
    await new Promise((r) => setTimeout(r, 10_000));
    for (const [i, pl] of PLAYERS.entries()) {
      const { page } = portals[pl];
      const after = (await playback(page))!;
      const g2g = (await page.evaluate('window.g2g')) as number[];
      const bad = (await page.evaluate('window.g2gBad')) as number;
      const m = median(g2g);
      console.log(`webcast e2e: ${pl} glass-to-glass delay median ${m} ms over ${g2g.length} frames (min ${Math.min(...g2g)}, max ${Math.max(...g2g)}; ${bad} frames unreadable); media time ${(after.time - before[i]!.time).toFixed(2)} s in 10 s`);
      expect(after.time - before[i]!.time).toBeGreaterThan(5);
      expect(g2g.length).toBeGreaterThan(50);
      expect(m).toBeGreaterThan(0);
      expect(m).toBeLessThan(15_000);
    }

    // The portal playing the webcast, at a phone, a tablet and a desktop size.
    const { page } = portals.native;
    for (const [w, h] of [[390, 844], [820, 1180], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(400);
      await shotFromTop(page, `webcast-portal-live-${w}x${h}.png`);
      expect(await overflowsHorizontally(page), `${w}x${h}`).toBe(false);
      expect(await smallTouchTargets(page), `${w}x${h}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect((await playback(page))!.paused).toBe(false);
  }, 300_000);

  it('the hall drops out: the players go back to waiting; back on air, they play again', async () => {
    expect(hall.problems).toEqual([]);
    await hall.context.close();
    const t0 = Date.now();
    await expect.poll(async () => (await playlist()).status, { timeout: 10_000 }).toBe(404);
    const to404 = Date.now() - t0;
    for (const pl of PLAYERS) await portals[pl].page.getByTestId('live-video').getByText('Phiên họp chưa phát trực tiếp').waitFor({ timeout: 15_000 });
    console.log(`webcast e2e: hall gone → playlist 404 in ${to404} ms, both players waiting after ${Date.now() - t0} ms`);

    hall = await hallOnAir();
    const back = Date.now();
    for (const pl of PLAYERS) {
      const { page } = portals[pl];
      await plays(page, 45_000);
      const a = (await playback(page))!;
      await page.waitForTimeout(2000);
      const b = (await playback(page))!;
      expect(b.frames - a.frames).toBeGreaterThan(10);
      expect(b.audioBytes).toBeGreaterThan(a.audioBytes);
      // What plays is the hall now, not what was left of the earlier run.
      await readClockFrames(page, VIDEO);
      await page.waitForTimeout(1500);
      const g2g = (await page.evaluate('window.g2g')) as number[];
      expect(g2g.length).toBeGreaterThan(10);
      expect(median(g2g)).toBeLessThan(15_000);
    }
    console.log(`webcast e2e: hall back → both players playing again after ${Date.now() - back} ms`);
  }, 120_000);

  it('made closed-door (họp kín), the sitting is off the air at once: the playlist is gone and the portal stops playing and says so', async () => {
    const { models } = rig.server.deps;
    expect((await playlist()).status).toBe(200);
    // The council decides to continue behind closed doors: the chair switches it on the console, asked first.
    const chair = console_.page;
    const doors = chair.getByTestId('doors-control');
    await doors.getByTestId('doors-state').filter({ hasText: 'Họp công khai' }).waitFor();
    for (const [w, h] of [[820, 1180], [1440, 900]] as const) {
      await chair.setViewportSize({ width: w, height: h });
      await chair.waitForTimeout(300);
      await shotFromTop(chair, `webcast-console-doors-${w}x${h}.png`);
      expect(await overflowsHorizontally(chair), `${w}x${h}`).toBe(false);
      expect(await smallTouchTargets(chair), `${w}x${h}`).toEqual([]);
    }
    await doors.getByRole('button', { name: 'Chuyển sang họp kín' }).click();
    const dialog = chair.getByRole('dialog', { name: /^Chuyển phiên họp “.+” sang họp kín\?$/ });
    await dialog.getByText('Truyền hình trực tiếp dừng ngay lập tức, và trong thời gian họp kín cổng thông tin công khai không hiển thị gì về phiên họp.', { exact: false }).waitFor();
    for (const [w, h] of [[820, 1180], [1440, 900]] as const) {
      await chair.setViewportSize({ width: w, height: h });
      await chair.waitForTimeout(300);
      // The viewport only: a full-page shot would show the modal's backdrop covering just the first screen.
      await chair.screenshot({ path: join(SCREENSHOT_DIR, `webcast-console-doors-dialog-${w}x${h}.png`) });
    }
    const before = (await models.Sitting.findById(f.sittingId, { version: 1 }).lean<{ version: number }>())!;
    const t0 = Date.now();
    await dialog.getByRole('button', { name: 'Chuyển sang họp kín' }).click();
    await expect.poll(async () => (await playlist()).status, { timeout: 1000, interval: 25 }).toBe(404);
    const to404 = Date.now() - t0;
    // Written with the next version, in the sitting's audit chain, and the console says so.
    expect(await models.Sitting.findById(f.sittingId, { closedDoors: 1, version: 1 }).lean()).toMatchObject({ closedDoors: true, version: before.version + 1 });
    expect(await models.AuditEntry.countDocuments({ chain: `sitting:${f.sittingId}`, action: 'sitting:setClosedDoors', 'data.doors': 'closed' })).toBe(1);
    await doors.getByTestId('doors-state').filter({ hasText: 'Họp kín' }).waitFor({ timeout: 5000 });
    await doors.getByRole('button', { name: 'Trở lại họp công khai' }).waitFor();
    // The portal: no video any more, and the sitting said to be no longer public.
    for (const pl of PLAYERS) {
      const { page } = portals[pl];
      await page.getByText('Phiên họp này không còn được công khai.').waitFor({ timeout: 5000 });
      await until(page, `!document.querySelector('${VIDEO}')`, 5000);
    }
    const stopped = Date.now() - t0;
    console.log(`webcast e2e: closed doors → playlist 404 in ${to404} ms, both portals stopped in ${stopped} ms`);
    expect(to404).toBeLessThan(1000);
    expect(stopped).toBeLessThan(5000);
    // The console, closed-door: the badge says so, and the way back to public.
    for (const [w, h] of [[820, 1180], [1440, 900]] as const) {
      await chair.setViewportSize({ width: w, height: h });
      await chair.waitForTimeout(300);
      await shotFromTop(chair, `webcast-console-doors-closed-${w}x${h}.png`);
      expect(await overflowsHorizontally(chair), `${w}x${h}`).toBe(false);
    }
    const { page } = portals.native;
    await page.setViewportSize({ width: 390, height: 844 });
    await shotFromTop(page, 'webcast-portal-closed-doors-390x844.png');
    // Nothing more is served, whatever is asked for.
    await page.waitForTimeout(1500);
    expect((await playlist()).status).toBe(404);
    expect(rig.server.deps.webcast && (rig.server.deps.webcast as unknown as { webcastOf(id: string): unknown }).webcastOf(f.sittingId)).toBeNull();
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { buildPortalWorld, type PortalWorld } from '../helpers/portalFixtures.js';
import { checkFfmpeg } from '../../media/src/webcast/ffmpegBinary.js';
import { sittingTimeline } from '../../server/src/records/minutes/timeline.js';
import { recordingStore } from '../../server/src/webcast/recordingStore.js';
import { partStamp, recordPart } from '../../server/src/webcast/recordingTestKit.js';
import { buildClient, launchChromium, overflowsHorizontally, shotFromTop, smallTouchTargets, watchProblems } from './browser.js';

/**
 * A closed public sitting's recording on the portal, in Chromium, anonymous: ffmpeg's HLS
 * recording (the webcast's format) starting 20 s before the sitting opened, sealed; the
 * sitting's page plays it (frames decoded, time moving) and a chapter (an agenda item, from
 * the audit chain's times) seeks the video to its time. Screenshots at phone, tablet and
 * desktop sizes (test-results/screenshots/recording-*.png).
 */
const hasFfmpeg = (await checkFfmpeg()).ok;
const SIZES = [[390, 844], [820, 1180], [1440, 900]] as const;
const VIDEO = '[data-testid="recording-player"] video';

const playback = (p: Page) => p.evaluate(`(() => {
  const v = document.querySelector('${VIDEO}');
  return { frames: v.getVideoPlaybackQuality().totalVideoFrames, time: v.currentTime, width: v.videoWidth, paused: v.paused, ready: v.readyState };
})()`) as Promise<{ frames: number; time: number; width: number; paused: boolean; ready: number }>;

async function until(p: Page, test: (s: Awaited<ReturnType<typeof playback>>) => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  for (;;) {
    const s = await playback(p);
    if (test(s)) return s;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${JSON.stringify(s)}`);
    await p.waitForTimeout(100);
  }
}

describe.skipIf(!hasFfmpeg)('a closed sitting\'s recording on the portal (Chromium, hls.js)', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;
  let webcastDir: string;
  let w: PortalWorld;
  let itemAt: number;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    webcastDir = mkdtempSync(join(tmpdir(), 'hdnd-recording-e2e-'));
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir, WEBCAST: 'false', WEBCAST_DIR: webcastDir } });
    w = await buildPortalWorld(server, sockets);
    const entries = await server.deps.models.AuditEntry.find({ chain: `sitting:${w.sittingId}` }).sort({ seq: 1 }).lean();
    const timeline = sittingTimeline(entries.map((e) => ({ at: new Date(e.at), action: e.action, data: e.data as Record<string, unknown> })));
    const startMs = timeline.openedAt!.getTime() - 20_000;
    recordPart(join(webcastDir, 'recordings', w.sittingId, partStamp(startMs)), { seconds: 36, startMs, segmentSeconds: 6 });
    expect(await recordingStore(server.deps).seal(w.sittingId)).not.toBeNull();
    itemAt = (timeline.items[1]!.startedAt.getTime() - startMs) / 1000;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    sockets.forEach((x) => x.close());
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    if (webcastDir) rmSync(webcastDir, { recursive: true, force: true });
  });

  it('plays the recording (frames decoded) and a chapter seeks the video to its time; screenshots at three sizes', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/cong-khai/phien-hop/${w.sittingId}`);
    await page.getByRole('heading', { name: 'Ghi hình phiên họp', level: 2 }).waitFor();
    const chapters = page.getByTestId('recording-chapters').getByRole('button');
    expect(await chapters.count()).toBe(4);
    await expect.poll(() => page.getByTestId('recording-chapters').innerText()).toMatch(/0:00:2\d\s+Nội dung\s+1\. Báo cáo/i);

    // Play from the start: frames decoded, time moving.
    await page.evaluate(`document.querySelector('${VIDEO}').muted = true; document.querySelector('${VIDEO}').play()`);
    const playing = await until(page, (s) => s.frames > 10 && s.time > 0.5);
    expect(playing.width).toBe(640);

    // The second item's chapter (keyboard: focus, Enter) seeks there.
    const second = chapters.filter({ hasText: '2. Chất vấn' });
    await second.focus();
    await page.keyboard.press('Enter');
    const sought = await until(page, (s) => s.time >= itemAt - 0.2 && s.ready >= 2);
    expect(sought.time).toBeLessThan(itemAt + 2);
    const frames = sought.frames;
    await until(page, (s) => s.frames > frames + 5 && !s.paused);
    // The chapter playing now is marked: that item, or the turn right after it.
    const marked = Number(await page.getByTestId('recording-chapters').locator('button[aria-current="true"]').getAttribute('data-at'));
    expect(marked).toBeGreaterThanOrEqual(Number(await second.getAttribute('data-at')));
    console.log(`recording e2e: chapter at ${itemAt.toFixed(1)} s → video at ${sought.time.toFixed(2)} s`);

    await page.evaluate(`document.querySelector('${VIDEO}').pause()`);
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      await page.getByTestId('recording-player').scrollIntoViewIfNeeded();
      await shotFromTop(page, `recording-${width}x${height}.png`);
      expect(await overflowsHorizontally(page), `at ${width}x${height}`).toBe(false);
      expect(await smallTouchTargets(page), `at ${width}x${height}`).toEqual([]);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

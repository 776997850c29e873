import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ensureFerretDB, startFerretDB } from '../../scripts/lib/ferretdb.mjs';
import { freePort } from '../../scripts/lib/util.mjs';
import { connectDb } from '../../server/src/platform/db.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { createLogger } from '../../server/src/platform/log.js';
import { startServer } from '../../server/src/app/server.js';
import { MediaService } from '../../media/src/MediaService.js';
import { buildBriefingFixture } from '../../test/helpers/briefingFixture.js';
import { cookieFor } from '../../test/helpers/sockets.js';
import { buildClient } from '../../test/e2e/browser.js';
import { launchChromiumWithFakeMedia } from '../../test/e2e/mediaBrowser.js';
import type { Browser } from 'playwright-core';

/** In the page: ms from the last media:join to the first decoded frame of any video. */
const FIRST_FRAME = `(async () => {
  const until = performance.now() + 20000;
  while (performance.now() < until) {
    const b = window.hdndMedia;
    if (b && b.joinStartedAt) {
      const s = await b.stats();
      if (s.some((x) => x.kind === 'video' && x.framesDecoded > 0)) return performance.now() - b.joinStartedAt;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return -1;
})()`;

/**
 * Join-to-first-frame in Chromium on loopback: the real server, client and media service;
 * the chair sends from the main hall (fake camera), then a delegate's page joins `runs`
 * times as a viewer, each in a fresh browser context.
 */
export async function measureFirstFrame(runs: number, log: (s: string) => void): Promise<number[]> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'hdnd-bench-media-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const ferret: ChildProcess = await startFerretDB({ dataDir, port, bin: await ensureFerretDB() });
    cleanups.push(() => ferret.kill('SIGTERM'));
    const conn = await connectDb(`mongodb://127.0.0.1:${port}/`, 'bench_media');
    cleanups.push(() => conn.close());
    const distDir = await buildClient();
    cleanups.push(() => rmSync(distDir, { recursive: true, force: true }));
    const media = await MediaService.create({
      pool: { size: 1, listen: { ip: '127.0.0.1', portRange: { min: 46000, max: 46999 } } },
      transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000 },
      consumerBudget: 500,
    });
    cleanups.push(() => media.close());
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CLIENT_DIST: distDir, SEED_DEMO: 'false' });
    const server = await startServer({ config, log: createLogger('silent'), conn, media });
    cleanups.push(() => server.close());
    const f = await buildBriefingFixture(server.deps);
    const browser: Browser = await launchChromiumWithFakeMedia();
    cleanups.push(() => browser.close());
    const open = async (userId: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const cookie = await cookieFor(server.deps, userId);
      const eq = cookie.indexOf('=');
      await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url }]);
      const page = await context.newPage();
      page.on('pageerror', (err) => log(`  page error: ${err.message}`));
      page.on('console', (m) => { if (m.type() === 'error') log(`  page console: ${m.text()}`); });
      await page.goto(`${server.url}/hop-truc-tuyen/${f.sittingId}`);
      return { context, page };
    };
    const hall = await open(f.chair.id);
    try {
      await hall.page.locator('[data-testid="media-status"][data-status="live"]').waitFor({ timeout: 30_000 });
    } catch (err) {
      log(`  the hall page did not go live: ${await hall.page.locator('main').innerText().catch(() => '?')}`);
      throw err;
    }
    await new Promise((r) => setTimeout(r, 2000));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const viewer = await open(f.hallDelegate.id);
      const ms = (await viewer.page.evaluate(FIRST_FRAME)) as number;
      times.push(Math.round(ms));
      log(`  run ${i + 1}: first decoded frame ${ms < 0 ? 'never (20 s)' : `${Math.round(ms)} ms`} after media:join`);
      await viewer.context.close();
      // Past the producer's keyFrameRequestDelay, so each run asks for its own key frame.
      await new Promise((r) => setTimeout(r, 1500));
    }
    return times;
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => {});
  }
}

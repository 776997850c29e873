import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildBriefingFixture } from '../helpers/briefingFixture.js';
import { MediaService } from '../../media/src/MediaService.js';
import { WorkerPool } from '../../media/src/WorkerPool.js';
import { buildClient } from './browser.js';
import { launchChromiumWithFakeMedia } from './mediaBrowser.js';

export interface BriefingRig {
  server: TestServer;
  media: MediaService;
  browser: Browser;
  f: Awaited<ReturnType<typeof buildBriefingFixture>>;
  stop(): Promise<void>;
}

/**
 * What the video-briefing Chromium tests stand on: the client built, real mediasoup workers
 * on their own port range (files run in parallel), a real server with them, the briefing
 * fixture, and Chromium with fake camera and microphone.
 */
export async function startBriefingRig(opts: {
  workers: number;
  ports: { min: number; max: number };
  iceConsentTimeoutSeconds?: number;
  silenceTimeoutMs?: number;
  homeDelegates?: boolean;
}): Promise<BriefingRig> {
  const distDir = await buildClient();
  const pool = await WorkerPool.create({ size: opts.workers, listen: { ip: '127.0.0.1', portRange: opts.ports }, respawnDelayMs: 200 });
  const media = MediaService.withPool(pool, {
    transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000, iceConsentTimeoutSeconds: opts.iceConsentTimeoutSeconds },
    consumerBudget: 500,
    ...(opts.silenceTimeoutMs ? { silenceTimeoutMs: opts.silenceTimeoutMs } : {}),
  });
  const server = await startTestServer({ env: { CLIENT_DIST: distDir }, media });
  const f = await buildBriefingFixture(server.deps, { homeDelegates: opts.homeDelegates });
  const browser = await launchChromiumWithFakeMedia();
  return {
    server, media, browser, f,
    async stop() {
      await browser.close();
      await server.stop();
      media.close();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

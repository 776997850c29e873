import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildBriefingFixture } from '../helpers/briefingFixture.js';
import { MediaService } from '../../media/src/MediaService.js';
import { WorkerPool } from '../../media/src/WorkerPool.js';
import { buildClient, launchBrowser, mediaListenIpFor, type Engine } from './browser.js';

export interface BriefingRig {
  server: TestServer;
  media: MediaService;
  browser: Browser;
  f: Awaited<ReturnType<typeof buildBriefingFixture>>;
  stop(): Promise<void>;
}

/**
 * What the video-briefing browser tests stand on: the client built (or the caller's build,
 * `client`, which the caller removes), real mediasoup workers on their own port range (files
 * run in parallel), a real server with them, the briefing fixture, and the browser (Chromium
 * unless told) with fake camera and microphone; the workers listen where that engine's ICE
 * reaches (`mediaListenIpFor`).
 */
export async function startBriefingRig(opts: {
  workers: number;
  ports: { min: number; max: number };
  iceConsentTimeoutSeconds?: number;
  silenceTimeoutMs?: number;
  homeDelegates?: boolean;
  engine?: Engine;
  client?: () => Promise<string>;
  /** Microphones that talk rather than beep (talkingMic.ts): for the dominant-speaker highlight. */
  talking?: boolean;
}): Promise<BriefingRig> {
  const distDir = opts.client ? await opts.client() : await buildClient();
  const pool = await WorkerPool.create({ size: opts.workers, listen: { ip: mediaListenIpFor(opts.engine ?? 'chromium'), portRange: opts.ports }, respawnDelayMs: 200 });
  const media = MediaService.withPool(pool, {
    transport: { initialAvailableOutgoingBitrate: 1_000_000, maxIncomingBitrate: 3_000_000, iceConsentTimeoutSeconds: opts.iceConsentTimeoutSeconds },
    consumerBudget: 500,
    ...(opts.silenceTimeoutMs ? { silenceTimeoutMs: opts.silenceTimeoutMs } : {}),
  });
  const server = await startTestServer({ env: { CLIENT_DIST: distDir }, media });
  const f = await buildBriefingFixture(server.deps, { homeDelegates: opts.homeDelegates });
  const browser = await launchBrowser(opts.engine ?? 'chromium', { fakeMedia: true, talking: opts.talking });
  return {
    server, media, browser, f,
    async stop() {
      await browser.close();
      await server.stop();
      media.close();
      if (!opts.client) rmSync(distDir, { recursive: true, force: true });
    },
  };
}

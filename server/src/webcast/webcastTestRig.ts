import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildBriefingFixture } from '../../../test/helpers/briefingFixture.js';
import { MediaService } from '../../../media/src/MediaService.js';
import { testPool } from '../../../media/src/testKit.js';

/** For tests: a real server webcasting into its own directory, a real worker, the briefing fixture. */
export interface WebcastTestRig {
  server: TestServer;
  media: MediaService;
  dir: string;
  f: Awaited<ReturnType<typeof buildBriefingFixture>>;
  stop(): Promise<void>;
}

export async function startWebcastTestRig(prefix: string): Promise<WebcastTestRig> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const media = MediaService.withPool(await testPool(1), { transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 3_000_000 }, consumerBudget: 500, silenceTimeoutMs: 300_000 });
  const server = await startTestServer({ media, env: { WEBCAST: 'true', WEBCAST_DIR: dir } });
  const f = await buildBriefingFixture(server.deps);
  return {
    server, media, dir, f,
    async stop() {
      await server.stop();
      media.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/src/platform/config.js';
import { createLogger, type Logger } from '../../server/src/platform/log.js';
import { connectDb } from '../../server/src/platform/db.js';
import { startServer, type RunningServer } from '../../server/src/app/server.js';
import type { MediaHealth } from '../../media/src/health.js';

export interface TestServer extends RunningServer {
  config: Config;
  dbName: string;
  /** Stops the server and drops its database (kept with `keepDatabase`, for a server restarted on it). */
  stop(opts?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * A real server on a random port with its own fresh database in the suite's FerretDB.
 * `env` overrides settings (strings, as in the environment). Webcasting is off unless `env`
 * turns it on (`WEBCAST: 'true'`): it would run ffmpeg beside every briefing test.
 * `dbName`: the database of a server stopped with `keepDatabase` (a restart).
 */
export async function startTestServer(opts: { env?: Record<string, string>; media?: MediaHealth | null; log?: Logger; dbName?: string } = {}): Promise<TestServer> {
  // Each server keeps its document cache (and its councils' signing keys) in its own temp directory, removed on stop.
  const documentCacheDir = mkdtempSync(join(tmpdir(), 'hdnd-test-docs-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CLIENT_DIST: '', SEED_DEMO: 'false', TRUST_PROXY: 'true', DOCUMENT_CACHE_DIR: documentCacheDir, SIGNING_KEY_DIR: join(documentCacheDir, 'keys'), WEBCAST: 'false', WEBCAST_DIR: join(documentCacheDir, 'webcast'), ...opts.env });
  const log = opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const dbName = opts.dbName ?? `t_${randomBytes(6).toString('hex')}`;
  const conn = await connectDb(inject('mongoUri'), dbName);
  const server = await startServer({ config, log, conn, media: opts.media ?? null });
  return {
    ...server,
    config,
    dbName,
    async stop(stopOpts) {
      await server.close();
      if (!stopOpts?.keepDatabase) await conn.dropDatabase().catch(() => {});
      await conn.close();
      rmSync(documentCacheDir, { recursive: true, force: true });
    },
  };
}

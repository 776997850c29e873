import { loadConfig, ConfigError } from '../platform/config.js';
import { createLogger } from '../platform/log.js';
import { connectDb } from '../platform/db.js';
import { startServer } from './server.js';
import { startMedia } from '../briefing/start.js';
import { seedDemoIfEmpty, DEMO_LOGINS } from '../seed/demo.js';
import { installProcessGuards } from '../platform/processGuards.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  installProcessGuards(log);
  const conn = await connectDb(config.MONGODB_URI, undefined, { ms: config.DB_SLOW_MS, log });
  const media = await startMedia(config, log);
  const server = await startServer({ config, log, conn, media });
  let seeded = false;
  if (config.SEED_DEMO) seeded = await seedDemoIfEmpty(server.deps);
  const url = config.PUBLIC_URL ?? server.url;
  const startedAt = Number(process.env.HDND_STARTED_AT) || Math.round(performance.timeOrigin);
  const lines = [
    '',
    `  HĐND paperless is ready: ${url}   (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    `  database: ${config.MONGODB_URI.replace(/\/\/[^@/]*@/, '//***@')}   media workers: ${media.liveCount()}/${media.size}`,
  ];
  if (config.SEED_DEMO) {
    lines.push(seeded ? '  Demo data seeded. Demo logins (password for all: demo1234):' : '  Demo logins (password for all: demo1234):');
    for (const d of DEMO_LOGINS) lines.push(`    ${d.role.padEnd(24)} ${d.login}`);
  }
  console.log(lines.join('\n') + '\n');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await server.close();
    media.close();
    await conn.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Started by `npm start` (scripts/start.mjs): if that supervisor disappears without stopping
  // us (killed outright), stop too, rather than keep the port, the workers and the database.
  const supervisor = Number(process.env.HDND_SUPERVISOR_PID);
  if (supervisor) {
    setInterval(() => {
      try { process.kill(supervisor, 0); } catch { void shutdown('supervisor gone'); }
    }, 2_000).unref();
  }
}

main().catch((err) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error('The server could not start:', message);
  // FerretDB 1.24 reads the catalogue once: one started before another host created a collection does not know it.
  if (/already exists \(SQLSTATE 42P07\)/.test(message)) console.error('This host\'s FerretDB does not know a collection another host created: restart it, then this server (README, "Running a cluster").');
  process.exit(1);
});

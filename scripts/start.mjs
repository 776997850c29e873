#!/usr/bin/env node
// `npm start`: installs what is missing, starts the embedded database (unless MONGODB_URI is
// set), then the server with one mediasoup worker per core, serving the built client; a
// server that dies is started again (scripts/lib/supervise.mjs).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setup } from './setup.mjs';
import { ensureFerretDB, startFerretDB } from './lib/ferretdb.mjs';
import { ROOT, step } from './lib/util.mjs';
import { supervise } from './lib/supervise.mjs';

const started = Date.now();
const EMBEDDED_PORT = Number(process.env.FERRETDB_PORT || 27027);

async function main() {
  await setup();
  const env = { ...process.env };
  let db = null;
  if (!env.MONGODB_URI) {
    step(`Starting the embedded database (FerretDB over SQLite, data in ./data/ferretdb, port ${EMBEDDED_PORT})`);
    db = await startFerretDB({ dataDir: join(ROOT, 'data', 'ferretdb'), port: EMBEDDED_PORT, bin: await ensureFerretDB() });
    env.MONGODB_URI = `mongodb://127.0.0.1:${EMBEDDED_PORT}/hdnd`;
  }
  step('Starting the server');
  env.HDND_STARTED_AT = String(started);
  env.HDND_SUPERVISOR_PID = String(process.pid);
  // A server that dies is started again (with a growing pause, said on the console); the
  // embedded database keeps running meanwhile.
  let launches = 0;
  const server = supervise({
    start: () => {
      // "started in" counts from `npm start` the first time, from the restart afterwards.
      if (launches++ > 0) env.HDND_STARTED_AT = String(Date.now());
      return spawn(process.execPath, ['--import', 'tsx', 'server/src/app/main.ts'], { cwd: ROOT, env, stdio: 'inherit' });
    },
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => server.stop(sig === 'SIGHUP' ? 'SIGTERM' : sig));
  // npm stopped with SIGTERM does not pass it on: when our parent goes, stop as if asked.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) server.stop('SIGTERM'); }, 1_000).unref();
  // However this process ends (a signal, npm going away, an error), the children go with it.
  process.on('exit', () => {
    server.child?.kill('SIGTERM');
    db?.kill('SIGTERM');
  });
  const code = await server.done;
  db?.kill('SIGTERM');
  process.exit(code);
}

main().catch((err) => {
  console.error(`\n✘ Could not start: ${err.message}`);
  process.exit(1);
});

#!/usr/bin/env node
// `npm run bench:start`: time from process start to /readyz = 200, and idle memory (RSS) of
// the server process and each of its mediasoup workers, over several runs; prints medians.
// Uses a throwaway embedded database and MEDIA_WORKERS=1 unless told otherwise.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup } from '../scripts/setup.mjs';
import { ensureFerretDB, startFerretDB } from '../scripts/lib/ferretdb.mjs';
import { ROOT, freePort } from '../scripts/lib/util.mjs';
import { machine } from './lib/machine.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS || 10_000);

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const childrenOf = (pid) => execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter(Boolean);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function waitReady(url, deadline) {
  while (Date.now() < deadline) {
    try { if ((await fetch(`${url}/readyz`)).status === 200) return; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('server did not become ready in time');
}

async function oneRun(mongoUri) {
  const port = await freePort();
  const t0 = Date.now();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/app/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), MONGODB_URI: mongoUri, MEDIA_WORKERS: process.env.MEDIA_WORKERS || '1', LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(`http://127.0.0.1:${port}`, t0 + 60_000);
    const readyMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const workers = childrenOf(server.pid);
    return { readyMs, serverMiB: rssKiB(server.pid) / 1024, workerMiB: workers.map(rssKiB).reduce((a, b) => a + b, 0) / 1024 / Math.max(1, workers.length) };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

await setup({ client: true });
const dataDir = mkdtempSync(join(tmpdir(), 'hdnd-bench-start-'));
const dbPort = await freePort();
const db = await startFerretDB({ dataDir, port: dbPort, bin: await ensureFerretDB() });
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(`mongodb://127.0.0.1:${dbPort}/bench_start`);
    console.log(`run ${i + 1}: ready in ${r.readyMs} ms; idle RSS server ${r.serverMiB.toFixed(1)} MiB, worker ${r.workerMiB.toFixed(1)} MiB${i === 0 ? ' (first run seeds the demo)' : ''}`);
    runs.push(r);
  }
  const later = runs.length > 1 ? runs.slice(1) : runs;
  const result = {
    runs: RUNS,
    firstStartWithSeedMs: runs[0].readyMs,
    startToReadyMsMedian: median(later.map((r) => r.readyMs)),
    idleServerRssMiBMedian: +median(runs.map((r) => r.serverMiB)).toFixed(1),
    idleWorkerRssMiBMedian: +median(runs.map((r) => r.workerMiB)).toFixed(1),
  };
  result.idleServerPlusOneWorkerMiB = +(result.idleServerRssMiBMedian + result.idleWorkerRssMiBMedian).toFixed(1);
  result.machine = machine();
  console.log(JSON.stringify(result));
} finally {
  db.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

// Builds the mediasoup 3.8.4 worker from the npm tarball's vendored sources (with the
// source fixes in patches/), caching the binary outside the clone by version + patch hash.
import { existsSync, copyFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cacheDir, sha256File, run, step, progressBar } from './util.mjs';

const MEDIASOUP_DIR = join(ROOT, 'node_modules', 'mediasoup');
const PATCH = join(ROOT, 'patches', 'mediasoup+3.8.4.patch');
export const WORKER_BIN = join(MEDIASOUP_DIR, 'worker', 'out', 'Release', 'mediasoup-worker');
// Compile steps in a full 3.8.4 worker build, counted once; only used to draw progress.
const EXPECTED_STEPS = 1030;

export async function ensureMediasoupWorker() {
  const version = JSON.parse(readFileSync(join(MEDIASOUP_DIR, 'package.json'), 'utf8')).version;
  const key = `mediasoup-worker-${version}-${sha256File(PATCH).slice(0, 12)}`;
  const cached = join(cacheDir('mediasoup'), key);
  if (existsSync(WORKER_BIN) && existsSync(cached)) return WORKER_BIN;
  if (existsSync(cached)) {
    mkdirSync(join(WORKER_BIN, '..'), { recursive: true });
    copyFileSync(cached, WORKER_BIN);
    chmodSync(WORKER_BIN, 0o755);
    console.log(`  mediasoup worker ${version} taken from the cache (${cached})`);
    return WORKER_BIN;
  }
  step(`Building the mediasoup ${version} worker (about 4 minutes on 2 cores, done once and cached)`);
  const env = { ...process.env, PYTHON: 'python3' };
  delete env.MEDIASOUP_WORKER_BIN; // the worker Makefile skips the build when it is set
  let steps = 0;
  const bar = progressBar('mediasoup-worker', EXPECTED_STEPS);
  const started = Date.now();
  await run('make', ['-C', join(MEDIASOUP_DIR, 'worker'), 'PYTHON=python3'], {
    env,
    onLine: (line) => {
      if (/^\s*(CXX|CC|AR|LINK|ACTION|TOUCH)\b/.test(line)) bar(Math.min(++steps, EXPECTED_STEPS - 1));
    },
  });
  bar(EXPECTED_STEPS);
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s (${steps} steps)`);
  copyFileSync(WORKER_BIN, cached);
  return WORKER_BIN;
}

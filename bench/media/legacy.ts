import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cacheDir } from '../../scripts/lib/util.mjs';
import { cachedWorkers } from '../../scripts/lib/worker.mjs';
import type { MediasoupLib } from './consumers.js';

export const LEGACY_VERSION = '3.8.4';

/**
 * mediasoup 3.8.4 (the previous media stack) for side-by-side figures, while its worker build
 * is still in the cache: its JavaScript library (from the npm registry, into the cache, no
 * install scripts) with the cached worker binary in the place that library looks. Null when
 * no 3.8.4 worker was ever built on this machine.
 */
export function loadLegacyMediasoup(log: (s: string) => void): MediasoupLib | null {
  const built = cachedWorkers().find((w) => w.version === LEGACY_VERSION);
  if (!built) return null;
  const prefix = cacheDir('bench', `mediasoup-${LEGACY_VERSION}-lib`);
  const pkg = join(prefix, 'node_modules', 'mediasoup');
  if (!existsSync(join(pkg, 'package.json'))) {
    log(`   fetching the mediasoup ${LEGACY_VERSION} library from the npm registry into ${prefix}`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `mediasoup@${LEGACY_VERSION}`], { stdio: 'inherit' });
  }
  const bin = join(pkg, 'worker', 'out', 'Release', 'mediasoup-worker');
  mkdirSync(join(bin, '..'), { recursive: true });
  copyFileSync(built.path, bin);
  chmodSync(bin, 0o755);
  return createRequire(join(prefix, 'index.js'))('mediasoup') as MediasoupLib;
}

// Installs node_modules from package-lock.json when it is missing or stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, run, step } from './util.mjs';

const STAMP = join(ROOT, 'node_modules', '.hdnd-install-stamp');

function installKey() {
  const h = createHash('sha256');
  h.update(readFileSync(join(ROOT, 'package-lock.json')));
  h.update(readFileSync(join(ROOT, 'patches', 'mediasoup+3.8.4.patch')));
  h.update(process.version);
  return h.digest('hex');
}

export async function ensureNodeModules() {
  const key = installKey();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === key) return;
  step('Installing JavaScript dependencies (npm ci, offline-friendly: registry only)');
  // mediasoup's own postinstall would build its worker before our source fixes are applied;
  // with MEDIASOUP_WORKER_BIN set it skips, and scripts/lib/worker.mjs builds it afterwards.
  // (npm 11 does not run dependency install scripts by default anyway.)
  const env = { ...process.env, MEDIASOUP_WORKER_BIN: 'built-later-by-scripts/lib/worker.mjs', npm_config_fund: 'false', npm_config_audit: 'false' };
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { env });
  // patch-package runs as our postinstall; make sure the fixes are really in place.
  const common = readFileSync(join(ROOT, 'node_modules/mediasoup/worker/deps/gyp/pylib/gyp/common.py'), 'utf8');
  if (!common.includes('collections.abc.MutableSet')) await run('npx', ['patch-package'], { env });
  writeFileSync(STAMP, key);
}

// Installs node_modules from package-lock.json when it is missing or stale.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ROOT, run, step } from './util.mjs';

const STAMP = join(ROOT, 'node_modules', '.hdnd-install-stamp');

function installKey() {
  const h = createHash('sha256');
  h.update(readFileSync(join(ROOT, 'package-lock.json')));
  for (const f of readdirSync(join(ROOT, 'patches')).filter((n) => n.endsWith('.patch')).sort()) h.update(readFileSync(join(ROOT, 'patches', f)));
  h.update(process.version);
  return h.digest('hex');
}

export async function ensureNodeModules() {
  const key = installKey();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === key) return;
  step('Installing JavaScript dependencies (npm ci, offline-friendly: registry only)');
  // mediasoup's own postinstall would try to download a prebuilt worker from GitHub, then
  // build one with meson wraps that download their sources; with MEDIASOUP_WORKER_BIN set it
  // does neither, and scripts/lib/worker.mjs builds the worker against the system's libraries.
  // (npm 11 does not run dependency install scripts unless approved, anyway.)
  const env = { ...process.env, MEDIASOUP_WORKER_BIN: 'built-later-by-scripts/lib/worker.mjs', npm_config_fund: 'false', npm_config_audit: 'false' };
  // pkcs11js (the PKCS#11 signer) is built by node-gyp at install: against this Node's own
  // headers (the registry's Node package ships them), never headers downloaded from nodejs.org.
  const nodeDir = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { env });
  if (!existsSync(join(ROOT, 'node_modules/pkcs11js/build/Release/pkcs11.node'))) await run('npm', ['rebuild', 'pkcs11js'], { env });
  // patch-package runs as our postinstall; make sure the fixes are really in place.
  if (!existsSync(join(ROOT, 'node_modules/mediasoup/worker/compat/ankerl/unordered_dense.h'))) await run('npx', ['patch-package'], { env });
  writeFileSync(STAMP, key);
}

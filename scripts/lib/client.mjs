// Builds the client bundle when its sources changed since the last build.
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, run, step } from './util.mjs';

function hashTree(h, dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hashTree(h, p);
    else h.update(p).update(readFileSync(p));
  }
}

export async function ensureClientBuilt() {
  const h = createHash('sha256');
  hashTree(h, join(ROOT, 'client'));
  hashTree(h, join(ROOT, 'contract'));
  const key = h.digest('hex');
  const stamp = join(ROOT, 'client', 'dist', '.build-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return;
  step('Building the client (Svelte + Vite)');
  await run('npx', ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
  writeFileSync(stamp, key);
}

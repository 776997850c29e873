#!/usr/bin/env node
// Installs and builds everything the product needs; safe to run again (each step is cached).
import { ensureNodeModules } from './lib/deps.mjs';
import { ensureSupportedNode } from './lib/node.mjs';
import { ensureMediasoupWorker } from './lib/worker.mjs';
import { ensureFerretDB } from './lib/ferretdb.mjs';
import { ensureClientBuilt } from './lib/client.mjs';

export async function setup({ database = true, client = true } = {}) {
  // On a Node older than 22.12, the calling script (start, test, setup) runs again under the
  // pinned LTS from the npm registry; this returns only on a supported Node.
  await ensureSupportedNode();
  await ensureNodeModules();
  await ensureMediasoupWorker();
  if (database && !process.env.MONGODB_URI) await ensureFerretDB();
  if (client) await ensureClientBuilt();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  setup().then(
    () => console.log(`\n✔ Setup complete in ${((Date.now() - started) / 1000).toFixed(0)} s`),
    (err) => { console.error(`\n✘ Setup failed: ${err.message}`); process.exit(1); },
  );
}

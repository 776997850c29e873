#!/usr/bin/env node
// `npm test`: installs what is missing (dependencies, mediasoup worker, FerretDB), type-checks,
// then runs every test (vitest) against a real FerretDB, real mediasoup workers and Chromium.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup } from './setup.mjs';
import { ROOT, run, step } from './lib/util.mjs';
import { ensurePyhanko } from './lib/pyhanko.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function main() {
  const started = Date.now();
  await setup({ database: !process.env.TEST_MONGODB_URI, client: false });
  await ensurePyhanko();
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed for the browser tests and was not found at ${CHROMIUM}.\n  Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)`);
  }
  step('Type-checking (tsc, svelte-check)');
  await run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  await run('npx', ['svelte-check', '--tsconfig', 'client/tsconfig.json', '--threshold', 'error', '--output', 'human']);
  step('Running the tests (vitest)');
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const report = join(ROOT, 'test-results', 'vitest.json');
  let failed = null;
  try {
    await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
  } catch (err) {
    failed = err;
  }
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    console.log(`\nTest run took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  }
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(`\n✘ ${err.message}`);
  process.exit(1);
});

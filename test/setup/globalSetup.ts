import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
// The same scripts that `npm start` uses: tests run against a real FerretDB.
import { ensureFerretDB, startFerretDB } from '../../scripts/lib/ferretdb.mjs';
import { freePort } from '../../scripts/lib/util.mjs';

let ferret: ChildProcess | null = null;
let dataDir: string | null = null;

/**
 * Starts one FerretDB (SQLite handler) for the whole run; each test file uses its own
 * database in it. TEST_MONGODB_URI points the suite at a real MongoDB instead.
 */
export default async function setup(project: TestProject) {
  let uri = process.env.TEST_MONGODB_URI;
  if (!uri) {
    const bin = await ensureFerretDB();
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'hdnd-test-db-'));
    ferret = await startFerretDB({ dataDir, port, bin });
    uri = `mongodb://127.0.0.1:${port}/`;
  }
  project.provide('mongoUri', uri);
  return async () => {
    ferret?.kill('SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

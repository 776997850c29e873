import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'mongoose';
import { ensureFerretDB, startFerretDB } from '../../scripts/lib/ferretdb.mjs';
import { ROOT, freePort } from '../../scripts/lib/util.mjs';
import { connectDb } from '../../server/src/platform/db.js';
import { buildModels, syncIndexes, type Models } from '../../server/src/app/models.js';

/**
 * What a server benchmark starts before the server: the project set up (no client build),
 * a throwaway FerretDB in a temporary directory, and a connection with the models and their
 * indexes, for writing the fixture straight into the database.
 */
export async function startBenchDb(name: string): Promise<{ dataDir: string; ferret: ChildProcess; mongoUri: string; conn: Connection; models: Models }> {
  const { setup } = (await import(pathToFileURL(join(ROOT, 'scripts', 'setup.mjs')).href)) as { setup: (o: { client?: boolean }) => Promise<void> };
  await setup({ client: false });
  const dataDir = mkdtempSync(join(tmpdir(), `hdnd-bench-${name}-`));
  const port = await freePort();
  const ferret = await startFerretDB({ dataDir, port, bin: await ensureFerretDB() });
  const mongoUri = `mongodb://127.0.0.1:${port}/bench_${name}`;
  const conn = await connectDb(mongoUri);
  const models = buildModels(conn);
  await syncIndexes(models);
  return { dataDir, ferret, mongoUri, conn, models };
}

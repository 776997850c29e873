import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { ServerProcess } from '../../test/helpers/serverProcess.js';
import type { ClientSocket } from '../../test/helpers/sockets.js';
import { sleep } from './procStats.js';

export interface BenchResources {
  dataDir: string | null;
  ferret: ChildProcess | null;
  conn: Connection | null;
  server: ServerProcess | null;
  sockets: readonly ClientSocket[];
}

/**
 * Whatever a benchmark started (read through `current` at the time of cleaning) is stopped
 * once, whatever happens: the run ends, fails, is interrupted (SIGINT/SIGTERM) or outlives
 * `timeoutMs` (the watchdog). Returns `cleanup` and the watchdog to clear on success.
 */
export function guardRun(name: string, timeoutMs: number, current: () => BenchResources): { cleanup: () => Promise<void>; watchdog: NodeJS.Timeout } {
  let cleaning: Promise<void> | null = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      const r = current();
      for (const s of r.sockets) s.close();
      await r.server?.stop().catch(() => {});
      await r.conn?.close().catch(() => {});
      const ferret = r.ferret;
      if (ferret && ferret.exitCode === null) {
        ferret.kill('SIGTERM');
        await Promise.race([new Promise((res) => ferret.once('exit', res)), sleep(5000)]);
        if (ferret.exitCode === null) ferret.kill('SIGKILL');
      }
      if (r.dataDir) rmSync(r.dataDir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { console.error(`\n${sig}: cleaning up`); void cleanup().finally(() => process.exit(130)); });
  const watchdog = setTimeout(() => {
    console.error(`${name} did not finish in ${timeoutMs} ms; stopping`);
    void cleanup().finally(() => process.exit(1));
  }, timeoutMs);
  watchdog.unref();
  return { cleanup, watchdog };
}

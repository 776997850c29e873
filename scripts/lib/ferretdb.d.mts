import type { ChildProcess } from 'node:child_process';
export const FERRETDB_VERSION: string;
export function ensureFerretDB(): Promise<string>;
export function startFerretDB(opts: {
  dataDir: string;
  port: number;
  bin: string;
  /** postgres://user@host:port/db: the postgresql handler instead of SQLite under dataDir. */
  postgresqlUrl?: string;
  /** Listen address (default 127.0.0.1). */
  listenHost?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
}): Promise<ChildProcess>;

import type { ChildProcess } from 'node:child_process';
export const PG_BIN: string;
export interface PostgresServer {
  /** The postmaster. */
  readonly child: ChildProcess;
  /** postgres://postgres@host:port/hdnd (trust authentication). */
  readonly url: string;
  /** Fast shutdown (SIGINT); resolves once the postmaster has exited. */
  stop(): Promise<void>;
}
export function startPostgres(opts: { dataDir: string; port: number; host?: string; netns?: string; timeoutMs?: number }): Promise<PostgresServer>;

import type { ChildProcess } from 'node:child_process';
export interface RedisServer {
  readonly child: ChildProcess;
  /** redis://host:port */
  readonly url: string;
  /** SIGTERM; resolves once redis-server has exited. */
  stop(): Promise<void>;
}
export function startRedis(opts: { dataDir: string; port: number; host?: string; netns?: string; timeoutMs?: number }): Promise<RedisServer>;

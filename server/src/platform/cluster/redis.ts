import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';

/**
 * A Redis connection for the cluster. Commands fail fast while Redis is away (no offline queue
 * for command connections): a lease renewal or a forwarded command must not wait for a Redis
 * that may be gone for seconds; the caller decides. Reconnects by itself, every ≤ 1 s.
 * Errors are logged once per outage, not once per retry.
 */
export function redisConnection(url: string, name: string, log: Logger, opts: RedisOptions = {}): Redis {
  const r = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (n) => Math.min(100 * n, 1000),
    ...opts,
  });
  let down = false;
  r.on('error', (err) => {
    if (down) return;
    down = true;
    log.warn({ redis: name, err: err.message }, 'cluster: Redis unreachable, retrying');
  });
  r.on('ready', () => {
    if (down) log.info({ redis: name }, 'cluster: Redis reachable again');
    down = false;
  });
  return r;
}

import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
// The same scripts as globalSetup's FerretDB: real processes, cached binaries.
import { ensureFerretDB, startFerretDB } from '../../scripts/lib/ferretdb.mjs';
import { startPostgres, type PostgresServer } from '../../scripts/lib/postgres.mjs';
import { startRedis, type RedisServer } from '../../scripts/lib/redis.mjs';
import { freePort } from '../../scripts/lib/util.mjs';

/**
 * The shared services of a cluster test: one PostgreSQL 15 (database `hdnd`) and one Redis 7,
 * both in this (root) namespace, bound to `host` (127.0.0.1, or a Hosts' bridgeIp so that
 * processes in the host namespaces reach them), and FerretDB processes over that PostgreSQL.
 *
 * FerretDB 1.24 loads the catalogue (databases, collections, indexes) from PostgreSQL once per
 * process, at its first request, and never reloads it: a collection created through one FerretDB
 * after another has loaded its catalogue is invisible there (reads find nothing, writes fail
 * with "relation … already exists"). Documents themselves are always read from PostgreSQL. So
 * create collections and indexes before the other FerretDBs serve their first request, or
 * restart them (`stop()` and `startFerret` again).
 */

export interface Ferret {
  /** mongodb://host:port/ */
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface ClusterServices {
  readonly redisUrl: string;
  readonly postgresUrl: string;
  /**
   * A FerretDB over the shared PostgreSQL, listening on `host` (default: the services' host).
   * With `netns`, it runs inside that namespace: pass the namespace's own IP as `host`, and the
   * services must be bound to an address it reaches (the bridge IP).
   */
  startFerret(opts?: { host?: string; netns?: string }): Promise<Ferret>;
  /** Redis goes away (SIGTERM, waits for exit); its port stays reserved for startRedisAgain. */
  stopRedis(): Promise<void>;
  /** A new, empty Redis on the same host and port (no persistence). */
  startRedisAgain(): Promise<void>;
  /** Stops every FerretDB, Redis and PostgreSQL (the files under `dir` stay: the caller's). */
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

export async function startClusterServices({ dir, host = '127.0.0.1' }: { dir: string; host?: string }): Promise<ClusterServices> {
  const pgPort = await freePort();
  let redisPort = await freePort();
  while (redisPort === pgPort) redisPort = await freePort();
  const bin = await ensureFerretDB();
  const pg: PostgresServer = await startPostgres({ dataDir: join(dir, 'postgres'), port: pgPort, host });
  let redis: RedisServer | null = null;
  const ferrets = new Set<Ferret>();
  let n = 0;
  try {
    redis = await startRedis({ dataDir: join(dir, 'redis'), port: redisPort, host });
  } catch (err) {
    await pg.stop();
    throw err;
  }
  const redisUrl = redis.url;

  return {
    redisUrl,
    postgresUrl: pg.url,
    async startFerret({ host: listenHost = host, netns } = {}) {
      const port = await freePort();
      const child = await startFerretDB({ dataDir: join(dir, `ferretdb-${n++}`), port, bin, postgresqlUrl: pg.url, listenHost, netns });
      const ferret: Ferret = {
        url: `mongodb://${listenHost}:${port}/`,
        child,
        async stop() {
          ferrets.delete(ferret);
          await stopChild(child);
        },
      };
      ferrets.add(ferret);
      return ferret;
    },
    async stopRedis() {
      await redis?.stop();
      redis = null;
    },
    async startRedisAgain() {
      if (redis) throw new Error('Redis is running');
      redis = await startRedis({ dataDir: join(dir, 'redis'), port: redisPort, host });
    },
    async stop() {
      await Promise.all([...ferrets].map((f) => f.stop()));
      await redis?.stop();
      redis = null;
      await pg.stop();
    },
  };
}

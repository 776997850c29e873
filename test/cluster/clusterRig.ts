import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { freePort } from '../../scripts/lib/util.mjs';
import { connectDb } from '../../server/src/platform/db.js';
import { buildModels, syncIndexes, type Models } from '../../server/src/app/models.js';
import { ensureFilesBucket } from '../../server/src/platform/storage.js';
import { startServerProcess, uriWithDb, type ServerProcess } from '../helpers/serverProcess.js';
import { buildLiveSitting, mintCookies, type LiveSitting } from '../helpers/liveFixtures.js';
import { startClusterServices, type ClusterServices, type Ferret } from './services.js';
import { createHosts, newRunId, type Hosts } from './netns.js';
import { Redis } from 'ioredis';

async function redisGet(url: string, key: string): Promise<string | null> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try { await r.connect(); return await r.get(key); } finally { r.disconnect(); }
}

/**
 * A cluster for tests: `n` server processes, each on its own "host" (a network namespace with
 * its own address and its own FerretDB), sharing PostgreSQL and Redis (in the root namespace,
 * on the bridge). The fixture — an open sitting of `delegates` present delegates and a chair —
 * is written through the first FerretDB before the others start (a FerretDB 1.24 reads the
 * catalogue of collections once: services.ts). All of it is torn down by `stop()`.
 */
export interface ClusterRig<F = LiveSitting> {
  hosts: Hosts;
  services: ClusterServices;
  models: Models;
  f: F;
  /** Cookies of the delegates (same order as f.delegateIds), then the chair's last. */
  cookies: string[];
  servers: Array<ServerProcess | null>;
  url(i: number): string;
  /** Where server i listens (its host's address and its port). */
  address(i: number): { host: string; port: number };
  live(): number[];
  kill(i: number): Promise<void>;
  /** The index of the server process that owns the sitting now (its lease in Redis), or null. */
  owner(): Promise<number | null>;
  start(i: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterRigOptions<F> {
  servers: number;
  delegates: number;
  items?: number;
  leaseMs?: number;
  /** Another fixture instead of the live sitting (written through the first FerretDB); cookies are then empty. */
  build?: (models: Models) => Promise<F>;
  /** More settings for every server (e.g. CLIENT_DIST). */
  env?: Record<string, string>;
  /** The sitting whose owner `owner()` reports (the live sitting's by default). */
  sittingOf?: (f: F) => string;
}

/** CLUSTER_CPU_PROF=dir: every server process writes a V8 CPU profile there when the rig stops (the killed ones write none). */
const PROFILE_DIR = process.env.CLUSTER_CPU_PROF ?? '';

export async function startClusterRig<F = LiveSitting>(opts: ClusterRigOptions<F>): Promise<ClusterRig<F>> {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-cluster-'));
  const hosts = await createHosts(opts.servers, { runId: newRunId() });
  let services: ClusterServices | null = null;
  const ferrets: Ferret[] = [];
  let conn: Connection | null = null;
  const servers: Array<ServerProcess | null> = [];
  const stop = async () => {
    // Profiling: a clean stop, so each process writes its profile (a SIGKILL writes none).
    await Promise.all(servers.map((s) => (PROFILE_DIR ? s?.stop(10_000) : s?.kill9())));
    await conn?.close().catch(() => undefined);
    for (const fr of ferrets) await fr.stop().catch(() => undefined);
    await services?.stop().catch(() => undefined);
    await hosts.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    services = await startClusterServices({ dir, host: hosts.bridgeIp });
    const first = await services.startFerret({ host: hosts.hosts[0]!.ip, netns: hosts.hosts[0]!.name });
    ferrets.push(first);
    conn = await connectDb(uriWithDb(first.url, 'hdnd'));
    const models = buildModels(conn);
    await syncIndexes(models);
    // Every collection exists before the other hosts' FerretDB read their catalogue (README).
    await ensureFilesBucket(conn);
    let f: F;
    let cookies: string[] = [];
    if (opts.build) f = await opts.build(models);
    else {
      const live = await buildLiveSitting(models, { delegates: opts.delegates, electedTotal: opts.delegates, ...(opts.items ? { items: opts.items } : {}) });
      const attendance = live.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
      await models.Sitting.updateOne({ _id: live.sittingId }, { $set: { attendance } });
      cookies = await mintCookies(models, [...live.delegateIds, live.chairId], { concurrency: 4 });
      f = live as F;
    }
    const sittingId = opts.sittingOf ? opts.sittingOf(f) : (f as LiveSitting).sittingId;
    for (let i = 1; i < opts.servers; i++) ferrets.push(await services.startFerret({ host: hosts.hosts[i]!.ip, netns: hosts.hosts[i]!.name }));
    const ports = await Promise.all(hosts.hosts.map(() => freePort()));
    const rtcPorts = await Promise.all(hosts.hosts.map(() => freePort()));
    const svc = services;
    const start = async (i: number) => {
      const h = hosts.hosts[i]!;
      servers[i] = await startServerProcess({
        mongoUri: uriWithDb(ferrets[i]!.url, 'hdnd'), port: ports[i]!, netns: h.name, host: h.ip, nofile: opts.delegates + 1024,
        ...(PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
        env: { REDIS_URL: svc.redisUrl, CLUSTER_LEASE_MS: String(opts.leaseMs ?? 3000), RTC_PORT: String(rtcPorts[i]), RTC_LISTEN_IP: h.ip, ...opts.env },
      });
    };
    await Promise.all(hosts.hosts.map((_, i) => start(i)));
    return {
      hosts, services, models, f, cookies, servers,
      url: (i) => `http://${hosts.hosts[i]!.ip}:${ports[i]}`,
      address: (i) => ({ host: hosts.hosts[i]!.ip, port: ports[i]! }),
      live: () => servers.flatMap((s, i) => (s ? [i] : [])),
      async owner() {
        const v = await redisGet(svc.redisUrl, `hdnd:lease:sitting:${sittingId}`);
        const pid = v ? Number(/-(\d+)-[0-9a-f]+\|\d+$/.exec(v)?.[1]) : NaN;
        const i = servers.findIndex((s) => s?.pid === pid);
        return i >= 0 ? i : null;
      },
      async kill(i) { const s = servers[i]; servers[i] = null; await s?.kill9(); },
      start,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { startClusterServices, type ClusterServices, type Ferret } from './services.js';
import { createHosts, newRunId, type Hosts } from './netns.js';

async function connect(f: Ferret, db: string) {
  return mongoose.createConnection(`${f.url}${db}`, { serverSelectionTimeoutMS: 5000 }).asPromise();
}

describe('cluster services: PostgreSQL, FerretDB over it, Redis', () => {
  let dir: string;
  let services: ClusterServices;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdnd-cluster-'));
    services = await startClusterServices({ dir });
  });
  afterAll(async () => {
    await services?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two FerretDBs on the same PostgreSQL database: what one writes, the other reads, both ways', async () => {
    expect(services.postgresUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/hdnd$/);
    const a = await services.startFerret();
    const ca = await connect(a, 'sitting');
    await ca.db!.collection('motions').insertOne({ _id: 'm1' as never, title: 'Budget', votes: 0 });
    // B serves its first request after the collection exists (see services.ts on the catalogue).
    const b = await services.startFerret();
    expect(b.url).not.toBe(a.url);
    const cb = await connect(b, 'sitting');
    try {
      expect(await cb.db!.collection('motions').findOne({ _id: 'm1' as never })).toMatchObject({ title: 'Budget', votes: 0 });
      await cb.db!.collection('motions').updateOne({ _id: 'm1' as never }, { $inc: { votes: 1 } });
      await cb.db!.collection('motions').insertOne({ _id: 'm2' as never, title: 'Roads', votes: 0 });
      expect(await ca.db!.collection('motions').find().sort({ _id: 1 }).toArray()).toMatchObject([
        { _id: 'm1', votes: 1 },
        { _id: 'm2', title: 'Roads' },
      ]);
    } finally {
      await Promise.all([ca.close(), cb.close()]);
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('FerretDB 1.24 loads the catalogue once per process: a collection created through one stays unknown to another already serving, until it restarts', async () => {
    const a = await services.startFerret();
    const b = await services.startFerret();
    const [ca, cb] = [await connect(a, 'catalogue'), await connect(b, 'catalogue')];
    try {
      await cb.db!.collection('seen').findOne({}); // b loads its catalogue now
      await ca.db!.collection('late').insertOne({ _id: 'x' as never });
      expect(await cb.db!.collection('late').findOne({})).toBeNull();
      await cb.close();
      await b.stop();
      const b2 = await services.startFerret();
      const cb2 = await connect(b2, 'catalogue');
      expect(await cb2.db!.collection('late').findOne({})).toEqual({ _id: 'x' });
      await cb2.close();
      await b2.stop();
    } finally {
      await ca.close();
      await a.stop();
    }
  });

  it('Redis answers PING, goes away with stopRedis, and answers again on the same URL after startRedisAgain', async () => {
    const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 100, lazyConnect: true });
    redis.on('error', () => {});
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      await redis.set('k', 'v');
      await services.stopRedis();
      await expect(redis.ping()).rejects.toThrow();
      await services.startRedisAgain();
      const deadline = Date.now() + 10_000;
      let pong = '';
      while (pong !== 'PONG' && Date.now() < deadline) {
        pong = await redis.ping().catch(() => '');
        if (pong !== 'PONG') await new Promise((r) => setTimeout(r, 100));
      }
      expect(pong).toBe('PONG');
      expect(await redis.get('k')).toBeNull(); // a new, empty Redis: no persistence
    } finally {
      redis.disconnect();
    }
  });
});

describe('cluster services on a bridge', () => {
  let dir: string;
  let hosts: Hosts;
  let services: ClusterServices;

  beforeAll(async () => {
    hosts = await createHosts(1, { runId: newRunId() });
    dir = mkdtempSync(join(tmpdir(), 'hdnd-cluster-'));
    services = await startClusterServices({ dir, host: hosts.bridgeIp });
  });
  afterAll(async () => {
    await services?.stop();
    await hosts?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a FerretDB inside a host namespace serves the shared PostgreSQL to the root namespace', async () => {
    const host = hosts.hosts[0]!;
    expect(services.postgresUrl).toContain(`@${hosts.bridgeIp}:`);
    const f = await services.startFerret({ host: host.ip, netns: host.name });
    expect(f.url).toMatch(new RegExp(`^mongodb://${host.ip.replaceAll('.', '\\.')}:\\d+/$`));
    const c = await connect(f, 'bridged');
    try {
      await c.db!.collection('members').insertOne({ _id: 'u1' as never, name: 'Lan' });
      expect(await c.db!.collection('members').findOne({})).toEqual({ _id: 'u1', name: 'Lan' });
    } finally {
      await c.close();
      await f.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisServer } from '../../../../scripts/lib/redis.mjs';
import { freePort } from '../../../../scripts/lib/util.mjs';
import { createLogger } from '../log.js';
import { joinCluster, type ClusterLink } from './start.js';
import { Owners } from './owners.js';
import { leaseKey } from './lease.js';
import { AppError } from '../errors.js';

/**
 * Leases, forwarding and take-over between three "processes" (cluster links) on a real Redis.
 * Each handler says where it ran and with which fencing token.
 */
const log = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
let redis: RedisServer;
const links: ClusterLink[] = [];
const taken: Array<{ node: string; key: string; fence: number }> = [];

async function member(minFence = 1): Promise<Owners> {
  const link = await joinCluster({ redisUrl: redis.url, leaseMs: 600 }, log);
  links.push(link);
  const owners = new Owners(link.leases, link.rpc, {
    minFence: async () => minFence,
    taken: async (key, fence) => { taken.push({ node: link.nodeId, key, fence }); },
    lost: () => {},
  }, log, 1000);
  owners.handle('echo', (p: { key: string; n: number }) => p.key, async (p, fence) => ({ by: link.nodeId, fence, n: p.n }));
  return owners;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hdnd-owners-'));
  redis = await startRedis({ dataDir: dir, port: await freePort() });
});
afterAll(async () => {
  for (const l of links) await l.close().catch(() => undefined);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('owners of keys across processes (Redis leases)', () => {
  it('runs a command on the one owner, whichever process receives it', async () => {
    const [a, b, c] = [await member(), await member(), await member()];
    const first = await a.run<{ by: string; fence: number }>('echo', { key: 'sitting:1', n: 1 });
    expect(first.by).toBe(a.nodeId);
    for (const m of [b, c]) expect((await m.run<{ by: string }>('echo', { key: 'sitting:1', n: 2 })).by).toBe(a.nodeId);
    expect(taken.filter((t) => t.key === 'sitting:1').map((t) => t.node)).toEqual([a.nodeId]);
  });

  it('gives a key to another process at once, with a higher fencing token, when its owner shuts down', async () => {
    const [a, b] = [await member(), await member()];
    const before = await a.run<{ fence: number }>('echo', { key: 'sitting:2', n: 1 });
    // A clean shutdown gives the lease back (no wait for it to lapse).
    await links[links.length - 2]!.close();
    const after = await b.run<{ by: string; fence: number }>('echo', { key: 'sitting:2', n: 2 });
    expect(after.by).toBe(b.nodeId);
    expect(after.fence).toBeGreaterThan(before.fence);
  });

  it('refuses (not_ready) while a crashed owner\'s lease has not lapsed, then takes the key over', async () => {
    const [a, b] = [await member(), await member()];
    const { fence } = await a.run<{ fence: number }>('echo', { key: 'sitting:3', n: 1 });
    // A crash: the owner stops answering and renewing, and its lease stays in Redis until it lapses.
    const dead = links[links.length - 2]!;
    await dead.close();
    const { Redis } = await import('ioredis');
    const r = new Redis(redis.url);
    await r.set(leaseKey('sitting:3'), `${a.nodeId}|${fence}`, 'PX', 600);
    await r.quit();
    const err = await b.run('echo', { key: 'sitting:3', n: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_ready');
    await sleep(700);
    const after = await b.run<{ by: string; fence: number }>('echo', { key: 'sitting:3', n: 3 });
    expect(after.by).toBe(b.nodeId);
    expect(after.fence).toBeGreaterThan(fence);
  });

  it('never hands out a fencing token below the one the database holds, even after Redis forgot everything', async () => {
    const m = await member(1000);
    const { Redis } = await import('ioredis');
    const r = new Redis(redis.url);
    await r.flushall();
    await r.quit();
    expect((await m.run<{ fence: number }>('echo', { key: 'sitting:4', n: 1 })).fence).toBe(1000);
  });
});

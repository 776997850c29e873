import { describe, it, expect, afterEach } from 'vitest';
import { WorkerPool, splitPortRange } from './WorkerPool.js';

let pool: WorkerPool | null = null;
afterEach(() => { pool?.close(); pool = null; });

describe('splitPortRange()', () => {
  it('gives each worker a disjoint slice covering the whole range', () => {
    expect(splitPortRange(40000, 40999, 2)).toEqual([[40000, 40499], [40500, 40999]]);
    expect(splitPortRange(40000, 40010, 3)).toEqual([[40000, 40002], [40003, 40005], [40006, 40010]]);
  });

  it('throws RangeError when the range cannot give each worker two ports', () => {
    expect(() => splitPortRange(40000, 40002, 2)).toThrow(RangeError);
  });
});

describe('WorkerPool', () => {
  it('create() starts the requested number of live mediasoup workers', async () => {
    pool = await WorkerPool.create({ size: 2, rtcMinPort: 41000, rtcMaxPort: 41099 });
    expect(pool.liveCount()).toBe(2);
    const router = await pool.nextWorker().createRouter({ mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] });
    expect(router.closed).toBe(false);
  });

  it('replaces a worker killed with SIGKILL and reports both events', async () => {
    pool = await WorkerPool.create({ size: 2, rtcMinPort: 41100, rtcMaxPort: 41199, respawnDelayMs: 50 });
    const victim = pool.workers()[0]!;
    const died = new Promise<number>((resolve) => pool!.once('workerdied', (i) => resolve(i)));
    const respawned = new Promise<number>((resolve) => pool!.once('workerrespawned', (i) => resolve(i)));
    process.kill(victim.pid, 'SIGKILL');
    expect(await died).toBe(0);
    expect(pool.liveCount()).toBe(1);
    expect(await respawned).toBe(0);
    expect(pool.liveCount()).toBe(2);
    expect(pool.workers()[0]!.pid).not.toBe(victim.pid);
  });

  it('close() closes every worker and is safe to call twice', async () => {
    pool = await WorkerPool.create({ size: 1, rtcMinPort: 41200, rtcMaxPort: 41299 });
    const w = pool.workers()[0]!;
    let closes = 0;
    pool.on('close', () => closes++);
    pool.close();
    pool.close();
    expect(w.closed).toBe(true);
    expect(pool.liveCount()).toBe(0);
    expect(closes).toBe(1);
  });
});

import { describe, it, expect, afterEach } from 'vitest';
import { createSocket } from 'node:dgram';
import { WorkerPool, listenInfosFor } from './WorkerPool.js';
import { MEDIA_CODECS } from './codecs.js';

let pool: WorkerPool | null = null;
afterEach(() => { pool?.close(); pool = null; });

// Fixed ports below the kernel's ephemeral range (32768–60999), so no port another test got
// from the OS (servers, FerretDB, sockets) can hold one of them.
const at = (port: number) => ({ ip: '127.0.0.1', port });

describe('listenInfosFor()', () => {
  it('gives worker i one UDP and one TCP listener on port + i, announcing the public address', () => {
    expect(listenInfosFor({ ip: '0.0.0.0', announcedAddress: 'hop.hdnd.example.vn', port: 40000 }, 2)).toEqual([
      { protocol: 'udp', ip: '0.0.0.0', port: 40002, announcedAddress: 'hop.hdnd.example.vn' },
      { protocol: 'tcp', ip: '0.0.0.0', port: 40002, announcedAddress: 'hop.hdnd.example.vn' },
    ]);
  });

  it('passes a port range through for tests and shared machines', () => {
    expect(listenInfosFor({ ip: '127.0.0.1', portRange: { min: 42000, max: 42999 } }, 5).map((l) => l.portRange)).toEqual([{ min: 42000, max: 42999 }, { min: 42000, max: 42999 }]);
  });

  it('throws RangeError when a worker\'s port would be above 65535', () => {
    expect(() => listenInfosFor(at(65535), 1)).toThrow(RangeError);
  });
});

describe('WorkerPool', () => {
  it('starts the requested workers, each with a WebRTC server on its own port that all its transports share', async () => {
    pool = await WorkerPool.create({ size: 2, listen: at(21000) });
    expect(pool.liveCount()).toBe(2);
    const ports: number[][] = [];
    for (const worker of pool.workers()) {
      const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
      const webRtcServer = pool.webRtcServer(worker);
      const a = await router.createWebRtcTransport({ webRtcServer });
      const b = await router.createWebRtcTransport({ webRtcServer });
      const candidates = [...a.iceCandidates, ...b.iceCandidates];
      expect(new Set(candidates.map((c) => c.protocol))).toEqual(new Set(['udp', 'tcp']));
      ports.push([...new Set(candidates.map((c) => c.port))]);
    }
    expect(ports).toEqual([[21000], [21001]]);
  });

  it('replaces a worker killed with SIGKILL on the same port and reports both events', async () => {
    pool = await WorkerPool.create({ size: 2, listen: at(21100), respawnDelayMs: 50 });
    const victim = pool.workers()[0]!;
    const died = new Promise<number>((resolve) => pool!.once('workerdied', (i) => resolve(i)));
    const respawned = new Promise<number>((resolve) => pool!.once('workerrespawned', (i) => resolve(i)));
    process.kill(victim.pid, 'SIGKILL');
    expect(await died).toBe(0);
    expect(pool.liveCount()).toBe(1);
    expect(await respawned).toBe(0);
    expect(pool.liveCount()).toBe(2);
    const fresh = pool.workers()[0]!;
    expect(fresh.pid).not.toBe(victim.pid);
    const dump = await pool.webRtcServer(fresh).dump();
    expect(dump.udpSockets.map((s) => s.port)).toEqual([21100]);
    expect(dump.tcpServers.map((s) => s.port)).toEqual([21100]);
  });

  it('refuses to start, naming the address, when a worker\'s port is taken', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(21200, '127.0.0.1', resolve));
    try {
      await expect(WorkerPool.create({ size: 1, listen: at(21200) })).rejects.toThrow(/media worker 0 cannot listen on 127\.0\.0\.1:21200 \(UDP and TCP; is the port in use\?\)/);
    } finally {
      squatter.close();
    }
  });

  it('close() closes every worker and is safe to call twice', async () => {
    pool = await WorkerPool.create({ size: 1, listen: at(21300) });
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import type { types } from 'mediasoup';
import { PipeLink } from './PipeLink.js';
import { Cascade } from './Cascade.js';
import { feedProducer } from './rtpFeed.js';
import { until, twoHosts } from './linkKit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freeUdpPort = () => new Promise<number>((resolve) => {
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

describe('a pipe link between two hosts', () => {
  let hosts: Awaited<ReturnType<typeof twoHosts>>;
  let ra: types.Router;
  let rb: types.Router;

  beforeAll(async () => {
    // Two pools: two sets of worker processes, as two hosts would run.
    hosts = await twoHosts();
    ({ ra, rb } = hosts);
  });

  afterAll(() => hosts?.close());

  it('encrypts with SRTP and announces its address, on a pinned port or one from a range', async () => {
    const ranged = await PipeLink.create(ra, { listenIp: '127.0.0.1', announcedIp: '10.0.0.7', portRange: { min: 47100, max: 47199 } });
    const local = ranged.local();
    expect(local.ip).toBe('10.0.0.7');
    expect(local.port).toBeGreaterThanOrEqual(47100);
    expect(local.port).toBeLessThanOrEqual(47199);
    expect(local.srtpParameters?.cryptoSuite).toMatch(/AES/);
    expect(local.srtpParameters?.keyBase64.length).toBeGreaterThan(20);
    const free = await freeUdpPort();
    const pinned = await PipeLink.create(ra, { listenIp: '127.0.0.1', port: free });
    expect(pinned.local()).toMatchObject({ ip: '127.0.0.1', port: free });
    ranged.close();
    pinned.close();
  });

  it('carries nothing when the ends do not share the right keys', async () => {
    const origin = await Cascade.create(ra, { listenIp: '127.0.0.1', send: () => {} });
    const edge = await Cascade.create(rb, { listenIp: '127.0.0.1', linkId: origin.linkId, send: () => {} });
    const feed = await feedProducer(ra, { kind: 'video', layersKbps: [150] });
    try {
      const wrongKey = await PipeLink.create(ra, { listenIp: '127.0.0.1' });
      // The edge decrypts with a key that is not the one the origin encrypts with.
      await edge.link.connect({ ...origin.local(), srtpParameters: wrongKey.local().srtpParameters });
      wrongKey.close();
      await origin.link.connect(edge.local());
      const copy = await edge.accept(await origin.offer(feed.producer));
      await until(async () => ((await origin.link.transport.getStats())[0]?.bytesSent ?? 0) > 20_000, 5000, 'the origin to send');
      await sleep(500);
      const [edgeLink] = await edge.link.transport.getStats();
      // Packets arrive, but none authenticates: the copy gets nothing.
      expect(edgeLink!.bytesReceived).toBeGreaterThan(20_000);
      expect(edgeLink!.rtpBytesReceived).toBe(0);
      expect((await copy.getStats()).reduce((n, s) => n + s.byteCount, 0)).toBe(0);
    } finally {
      feed.stop();
      origin.close();
      edge.close();
    }
  });

  it('carries media when the keys match (the same setup, right keys)', async () => {
    const origin = await Cascade.create(ra, { listenIp: '127.0.0.1', send: () => {} });
    const edge = await Cascade.create(rb, { listenIp: '127.0.0.1', linkId: origin.linkId, send: () => {} });
    const feed = await feedProducer(ra, { kind: 'video', layersKbps: [150] });
    try {
      await edge.link.connect(origin.local());
      await origin.link.connect(edge.local());
      const copy = await edge.accept(await origin.offer(feed.producer));
      await until(async () => (await copy.getStats()).reduce((n, s) => n + s.byteCount, 0) > 10_000, 5000, 'media on the edge');
    } finally {
      feed.stop();
      origin.close();
      edge.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { feedProducer, plainConsumer, HALL_LAYERS_KBPS } from './rtpFeed.js';
import { linkPair, until, type LinkPair, twoHosts } from './linkKit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WAN = { delayMs: 15, lossRate: 0.01, seed: 42 };

/** Loss figures summed over the edge producer's layers. */
async function lossOf(producer: types.Producer) {
  const s = await producer.getStats();
  const sum = (k: 'packetsLost' | 'packetsRepaired' | 'packetsRetransmitted' | 'nackCount' | 'packetCount') => s.reduce((a, x) => a + x[k], 0);
  return { lost: sum('packetsLost'), repaired: sum('packetsRepaired'), retransmitted: sum('packetsRetransmitted'), nacks: sum('nackCount'), packets: sum('packetCount') };
}

async function sentBytes(consumer: types.Consumer): Promise<number> {
  return (await consumer.getStats()).find((s) => s.type === 'outbound-rtp')?.byteCount ?? 0;
}

describe('cascading a simulcast producer to another host', () => {
  let hosts: Awaited<ReturnType<typeof twoHosts>>;
  let originRouter: types.Router;
  let edgeRouter: types.Router;
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    // Two pools: two sets of worker processes, as two hosts would run.
    hosts = await twoHosts();
    ({ ra: originRouter, rb: edgeRouter } = hosts);
  });

  afterAll(() => {
    for (const stop of stops) stop();
    hosts?.close();
  });

  async function cascaded(enableRtx: boolean): Promise<{ pair: LinkPair; hall: types.Producer; copy: types.Producer }> {
    const pair = await linkPair(originRouter, edgeRouter, { relay: WAN, enableRtx });
    const feed = await feedProducer(originRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
    stops.push(() => { feed.stop(); pair.close(); });
    await pair.a.offer(feed.producer);
    await pair.settled();
    const copy = pair.b.received().get(feed.producer.id);
    if (!copy) throw new Error('the edge did not produce the offer');
    return { pair, hall: feed.producer, copy };
  }

  it('every layer reaches the edge through 30 ms RTT and 1 % loss, and NACK + RTX repair the loss', async () => {
    const { pair, hall, copy } = await cascaded(true);
    expect(copy.id).toBe(hall.id);
    expect(copy.kind).toBe('video');
    expect(copy.type).toBe('simulcast');

    // An edge viewer, switched through the layers: each one flows at about its own bitrate.
    const { consumer } = await plainConsumer(edgeRouter, copy.id);
    for (const spatialLayer of [0, 1, 2]) {
      await consumer.setPreferredLayers({ spatialLayer, temporalLayer: 0 });
      await until(() => consumer.currentLayers?.spatialLayer === spatialLayer, 5000, `layer ${spatialLayer}`);
      const before = await sentBytes(consumer);
      await sleep(1000);
      const kbps = ((await sentBytes(consumer)) - before) * 8 / 1000;
      expect(kbps, `layer ${spatialLayer}`).toBeGreaterThan(HALL_LAYERS_KBPS[spatialLayer]! * 0.6);
      expect(kbps, `layer ${spatialLayer}`).toBeLessThan(HALL_LAYERS_KBPS[spatialLayer]! * 1.6);
    }

    // Each switch asked for a key frame: the request crossed the link to the hall's sender.
    expect((await hall.getStats()).reduce((n, s) => n + s.pliCount + s.firCount, 0)).toBeGreaterThan(0);

    // The edge copy receives all three encodings (a pipe carries every layer).
    const layers = await copy.getStats();
    expect(layers).toHaveLength(3);
    for (const l of layers) expect(l.byteCount).toBeGreaterThan(0);

    const loss = await lossOf(copy);
    expect(pair.relay!.stats().dropped).toBeGreaterThan(0);
    expect(loss.nacks).toBeGreaterThan(0);
    expect(loss.repaired).toBeGreaterThan(0);
    // packetsLost counts what the wire lost; what RTX did not bring back is the difference.
    expect(loss.lost - loss.repaired).toBeLessThanOrEqual(Math.max(2, loss.lost * 0.2));
    // The link's origin end sent retransmissions.
    const [linkStats] = await pair.a.link.transport.getStats();
    expect(linkStats!.rtxBytesSent).toBeGreaterThan(0);
  });

  it('without RTX the same loss stays lost: nothing asks for it again', async () => {
    const { pair, copy } = await cascaded(false);
    await until(async () => (await lossOf(copy)).lost > 0, 10_000, 'a lost packet');
    const loss = await lossOf(copy);
    expect(pair.relay!.stats().dropped).toBeGreaterThan(0);
    expect(loss.nacks).toBe(0);
    expect(loss.repaired).toBe(0);
    expect(loss.lost).toBeGreaterThan(0);
  });
});

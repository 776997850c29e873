import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import type { types } from 'mediasoup';
import { feedProducer, plainConsumer, HALL_LAYERS_KBPS } from './rtpFeed.js';
import { linkPair, until, twoHosts } from './linkKit.js';
import { parseCascadeMessage } from './messages.js';

describe('a cascade link between an origin and an edge host', () => {
  let hosts: Awaited<ReturnType<typeof twoHosts>>;
  let originRouter: types.Router;
  let edgeRouter: types.Router;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    // Two pools: two sets of worker processes, as two hosts would run.
    hosts = await twoHosts();
    ({ ra: originRouter, rb: edgeRouter } = hosts);
  });

  afterAll(() => {
    for (const c of cleanups) c();
    hosts?.close();
  });

  /** A UDP socket counting what reaches it (a viewer's or a recorder's input). */
  async function sink(): Promise<{ port: number; bytes(): number; sock: Socket }> {
    const sock = createSocket('udp4');
    let n = 0;
    sock.on('message', (m) => { n += m.length; });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => sock.close());
    return { port: sock.address().port, bytes: () => n, sock };
  }

  it('carries the floor holder the other way over the same link: an edge microphone heard on the origin', async () => {
    const pair = await linkPair(originRouter, edgeRouter, { relay: { delayMs: 15, lossRate: 0.01, seed: 3 } });
    const hall = await feedProducer(originRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
    const floor = await feedProducer(edgeRouter, { kind: 'audio' });
    cleanups.push(() => { hall.stop(); floor.stop(); pair.close(); });
    await pair.a.offer(hall.producer);
    const offer = await pair.b.offer(floor.producer);
    await pair.settled();
    expect(offer.kind).toBe('audio');
    const onOrigin = pair.a.received().get(floor.producer.id)!;
    expect(onOrigin.id).toBe(floor.producer.id);
    expect(onOrigin.appData).toEqual({ source: 'mic' });
    // One pipe transport each side carries both directions.
    expect(pair.a.sent().has(hall.producer.id)).toBe(true);
    const out = await sink();
    await plainConsumer(originRouter, onOrigin.id, out.port);
    await until(() => out.bytes() > 4000, 5000, 'floor audio on the origin');
  });

  it('pauses, resumes and closes the edge copy as the origin producer does', async () => {
    const pair = await linkPair(originRouter, edgeRouter);
    const hall = await feedProducer(originRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
    cleanups.push(() => { hall.stop(); pair.close(); });
    await hall.producer.pause();
    await pair.a.offer(hall.producer);
    await pair.settled();
    const copy = pair.b.received().get(hall.producer.id)!;
    expect(copy.paused).toBe(true);
    await hall.producer.resume();
    await until(() => !copy.paused, 3000, 'resume on the edge');
    await hall.producer.pause();
    await until(() => copy.paused, 3000, 'pause on the edge');
    hall.producer.close();
    await until(() => copy.closed, 3000, 'close on the edge');
    expect(pair.b.received().size).toBe(0);
    expect(pair.log.map((l) => l.message.type)).toEqual(['link', 'link', 'offer', 'resumed', 'paused', 'closed']);
  });

  it('stops sending a producer whose edge copy was closed there (released)', async () => {
    const pair = await linkPair(originRouter, edgeRouter);
    const hall = await feedProducer(originRouter, { kind: 'video', layersKbps: [150] });
    cleanups.push(() => { hall.stop(); pair.close(); });
    await pair.a.offer(hall.producer);
    await pair.settled();
    pair.b.received().get(hall.producer.id)!.close();
    await until(() => pair.a.sent().size === 0, 3000, 'the pipe consumer to close');
    expect(hall.producer.closed).toBe(false);
    expect(pair.log.at(-1)?.message.type).toBe('released');
  });

  it('closes every edge copy when the link closes, and the other end of the link with it', async () => {
    const pair = await linkPair(originRouter, edgeRouter);
    const hall = await feedProducer(originRouter, { kind: 'video', layersKbps: HALL_LAYERS_KBPS });
    const mic = await feedProducer(originRouter, { kind: 'audio' });
    cleanups.push(() => { hall.stop(); mic.stop(); pair.close(); });
    await pair.a.offer(hall.producer);
    await pair.a.offer(mic.producer);
    await pair.settled();
    const copies = [...pair.b.received().values()];
    expect(copies).toHaveLength(2);
    pair.a.close();
    await until(() => copies.every((c) => c.closed) && pair.b.closed, 3000, 'edge copies to close');
    // The origin producers live on; only the link went.
    expect(hall.producer.closed).toBe(false);
    expect(pair.log.at(-1)?.message).toEqual({ type: 'linkclosed', linkId: pair.a.linkId });
  });

  it('takes only well-formed messages off the wire', async () => {
    const pair = await linkPair(originRouter, edgeRouter);
    cleanups.push(() => pair.close());
    await expect(pair.b.handle({ type: 'offer', linkId: pair.a.linkId, offer: { producerId: 'x' } })).rejects.toThrow();
    await expect(pair.b.handle({ type: 'paused', linkId: 'another-link', producerId: 'x' })).rejects.toThrow(/another-link/);
    for (const { message } of pair.log) expect(parseCascadeMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
  });
});

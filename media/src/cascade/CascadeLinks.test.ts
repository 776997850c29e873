import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { testPool } from '../testKit.js';
import { MEDIA_CODECS } from '../codecs.js';
import type { WorkerPool } from '../WorkerPool.js';
import { CascadeLinks } from './CascadeLinks.js';
import type { CascadeMessage } from './messages.js';
import { feedProducer } from './rtpFeed.js';
import { until } from './linkKit.js';

describe('the cascade links of a host', () => {
  let a: WorkerPool;
  let b: WorkerPool;
  let ra: types.Router;
  let rb: types.Router;

  beforeAll(async () => {
    a = await testPool(1);
    b = await testPool(1);
    ra = await a.workers()[0]!.createRouter({ mediaCodecs: MEDIA_CODECS });
    rb = await b.workers()[0]!.createRouter({ mediaCodecs: MEDIA_CODECS });
  });

  afterAll(() => { a?.close(); b?.close(); });

  it('keeps one link per pair of routers and routes messages to it by link id', async () => {
    const originLinks = new CascadeLinks();
    const edgeLinks = new CascadeLinks();
    const toEdge: CascadeMessage[] = [];
    const toOrigin: CascadeMessage[] = [];
    const send = (q: CascadeMessage[]) => (m: CascadeMessage) => { q.push(JSON.parse(JSON.stringify(m)) as CascadeMessage); };
    const [one, two] = await Promise.all([
      originLinks.open(ra, 'edge-host/router-1', { listenIp: '127.0.0.1', send: send(toEdge) }),
      originLinks.open(ra, 'edge-host/router-1', { listenIp: '127.0.0.1', send: send(toEdge) }),
    ]);
    expect(one).toBe(two);
    expect(toEdge).toEqual([{ type: 'link', linkId: one.linkId, endpoint: one.local() }]);

    // The edge host learns of the link from its first message and opens its end with that id.
    const first = toEdge.shift()!;
    const edgeEnd = await edgeLinks.open(rb, 'origin-host/router-0', { listenIp: '127.0.0.1', linkId: first.linkId, send: send(toOrigin) });
    expect(await edgeLinks.handle(first)).toBe(true);
    expect(await originLinks.handle(toOrigin.shift())).toBe(true);
    expect(await edgeLinks.handle({ type: 'linkclosed', linkId: 'unknown' })).toBe(false);

    const feed = await feedProducer(ra, { kind: 'audio' });
    try {
      await one.offer(feed.producer);
      await one.offer(feed.producer); // offered once
      expect(toEdge.filter((m) => m.type === 'offer')).toHaveLength(1);
      let produced = 0;
      edgeEnd.on('producer', () => { produced += 1; });
      for (const m of toEdge.splice(0)) await edgeLinks.handle(m);
      const copy = edgeEnd.received().get(feed.producer.id)!;
      expect(produced).toBe(1);
      await until(async () => (await copy.getStats()).reduce((n, s) => n + s.byteCount, 0) > 2000, 5000, 'audio on the edge');
      originLinks.close();
      expect(originLinks.get(one.linkId)).toBeUndefined();
      for (const m of toEdge.splice(0)) await edgeLinks.handle(m);
      expect(copy.closed).toBe(true);
      expect(edgeLinks.get(edgeEnd.linkId)).toBeUndefined();
    } finally {
      feed.stop();
      originLinks.close();
      edgeLinks.close();
    }
  });
});

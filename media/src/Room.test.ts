import { describe, it, expect, afterEach } from 'vitest';
import type { WorkerPool } from './WorkerPool.js';
import type { Room } from './Room.js';
import type { ProducerInfo } from './Peer.js';
import { InvalidStateError, TopologyError } from './errors.js';
import { AUDIO, VIDEO_SIMULCAST, joinAs, testPool, testRoom, transportOf } from './testKit.js';

let pool: WorkerPool | null = null;
let room: Room | null = null;
afterEach(() => { room?.close(); pool?.close(); room = null; pool = null; });

describe('Room', () => {
  it('gives a late joiner the producers it may receive, and offers new ones to peers already in', async () => {
    pool = await testPool(1);
    room = await testRoom(pool);
    const hall = await joinAs(room, 'hall');
    const early = await joinAs(room, 'room', 'mp1');
    const offered: ProducerInfo[] = [];
    early.on('produceravailable', (i) => offered.push(i));
    const t = await transportOf(room, hall);
    const audioId = await room.produce(hall, t, 'audio', AUDIO, 'mic');
    const videoId = await room.produce(hall, t, 'video', VIDEO_SIMULCAST, 'camera');
    expect(offered.map((o) => o.producerId)).toEqual([audioId, videoId]);
    const { producers } = await room.join({ userId: 'late', displayName: 'Late', role: 'viewer', meetingPointId: null });
    expect(producers.map((p) => [p.kind, p.source])).toEqual([['audio', 'mic'], ['video', 'camera']]);
  });

  it('consume() creates video consumers paused, for the client to resume once it is ready, and audio flowing at once', async () => {
    pool = await testPool(1);
    room = await testRoom(pool);
    const hall = await joinAs(room, 'hall');
    const viewer = await joinAs(room, 'viewer');
    const hallTransport = await transportOf(room, hall);
    const videoId = await room.produce(hall, hallTransport, 'video', VIDEO_SIMULCAST, 'camera');
    const audioId = await room.produce(hall, hallTransport, 'audio', AUDIO, 'mic');
    const viewerTransport = await transportOf(room, viewer);
    const video = await room.consume(viewer, viewerTransport, videoId, room.rtpCapabilities);
    expect(viewer.consumer(video.consumerId).paused).toBe(true);
    expect(video.rtpParameters.encodings?.length).toBe(1);
    const audio = await room.consume(viewer, viewerTransport, audioId, room.rtpCapabilities);
    expect(viewer.consumer(audio.consumerId).paused).toBe(false);
  });

  it('a commune room is heard only while it holds the floor; taking the floor back closes those consumers', async () => {
    pool = await testPool(1);
    room = await testRoom(pool);
    const room1 = await joinAs(room, 'room', 'mp1');
    const room2 = await joinAs(room, 'room', 'mp2');
    const t1 = await transportOf(room, room1);
    const mic2 = await room.produce(room2, await transportOf(room, room2), 'audio', AUDIO, 'mic');
    await expect(room.consume(room1, t1, mic2, room.rtpCapabilities)).rejects.toThrow(TopologyError);

    const offered = new Promise<ProducerInfo>((resolve) => room1.once('produceravailable', resolve));
    await room.setFloor('mp2');
    expect((await offered).producerId).toBe(mic2);
    const c = await room.consume(room1, t1, mic2, room.rtpCapabilities);

    const closed = new Promise<string>((resolve) => room1.once('consumerclosed', resolve));
    await room.setFloor(null);
    expect(await closed).toBe(c.consumerId);
    expect(room1.consumers()).toEqual([]);
  });

  it('a viewer may not send, and a microphone must be audio', async () => {
    pool = await testPool(1);
    room = await testRoom(pool);
    const viewer = await joinAs(room, 'viewer');
    const hall = await joinAs(room, 'hall');
    await expect(room.produce(viewer, await transportOf(room, viewer), 'audio', AUDIO, 'mic')).rejects.toThrow(TopologyError);
    await expect(room.produce(hall, await transportOf(room, hall), 'video', VIDEO_SIMULCAST, 'mic')).rejects.toThrow(TopologyError);
  });

  it('places new peers on a router on another worker once the primary passes the consumer budget, piping the producer there', async () => {
    pool = await testPool(2);
    room = await testRoom(pool, { consumerBudget: 4 });
    const hall = await joinAs(room, 'hall');
    const producerId = await room.produce(hall, await transportOf(room, hall), 'video', VIDEO_SIMULCAST, 'camera');
    const viewers = [];
    for (let i = 0; i < 4; i++) viewers.push(await joinAs(room, 'viewer'));
    for (const v of viewers) await room.consume(v, await transportOf(room, v), producerId, room.rtpCapabilities);
    const { workerPids, consumers } = room.placement();
    expect(workerPids.length).toBe(2);
    expect(new Set(workerPids).size).toBe(2);
    expect(consumers.reduce((a, b) => a + b, 0)).toBe(4);
    expect(consumers[1]).toBeGreaterThan(0);
    expect(viewers.some((v) => v.router.id !== hall.router.id)).toBe(true);
  });

  it('when its worker dies, closes every peer with "restart" and runs again on a live worker', async () => {
    pool = await testPool(2, 5_000);
    room = await testRoom(pool);
    const hall = await joinAs(room, 'hall');
    const reasons: string[] = [];
    hall.on('close', (r) => reasons.push(r));
    const before = room.placement().workerPids[0]!;
    const restarted = new Promise<void>((resolve) => room!.once('restarted', resolve));
    process.kill(before, 'SIGKILL');
    await restarted;
    expect(reasons).toEqual(['restart']);
    expect(room.placement().workerPids[0]).not.toBe(before);
    const again = await joinAs(room, 'hall');
    await expect(room.produce(again, await transportOf(room, again), 'audio', AUDIO, 'mic')).resolves.toBeTypeOf('string');
  });

  it('closes a peer none of whose transports ever connects within the silence timeout (what ICE consent cannot see)', async () => {
    pool = await testPool(1);
    room = await testRoom(pool, { silenceTimeoutMs: 300 });
    const quiet = await joinAs(room, 'viewer');
    await transportOf(room, quiet);
    const reason = await new Promise<string>((resolve) => quiet.once('close', resolve));
    expect(reason).toBe('silent');
    expect(room.peers()).toEqual([]);
  });

  it('close() is idempotent and cascades to peers and their transports', async () => {
    pool = await testPool(1);
    room = await testRoom(pool);
    const hall = await joinAs(room, 'hall');
    const t = await transportOf(room, hall);
    const transport = hall.transport(t);
    let closes = 0;
    room.on('close', () => closes++);
    room.close();
    room.close();
    expect(closes).toBe(1);
    expect(hall.closed).toBe(true);
    expect(transport.closed).toBe(true);
    await expect(room.join({ userId: 'x', displayName: 'x', role: 'hall', meetingPointId: null })).rejects.toThrow(InvalidStateError);
  });
});

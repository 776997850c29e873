import { describe, it, expect, afterEach } from 'vitest';
import { MediaService } from './MediaService.js';
import { InvalidStateError } from './errors.js';
import { testPool } from './testKit.js';

let media: MediaService | null = null;
afterEach(() => { media?.close(); media = null; });

const create = async () => MediaService.withPool(await testPool(1), {
  transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 },
  consumerBudget: 500,
});

describe('MediaService', () => {
  it('room() gives one room per briefing, even to concurrent first joins', async () => {
    media = await create();
    const [a, b] = await Promise.all([media.room('s1'), media.room('s1')]);
    expect(a).toBe(b);
    expect(await media.room('s2')).not.toBe(a);
  });

  it('closes a room when its last peer leaves, and makes a fresh one for the next join', async () => {
    media = await create();
    const room = await media.room('s1');
    const { peer } = await room.join({ userId: 'u', displayName: 'U', role: 'hall', meetingPointId: null });
    peer.close('left');
    expect(room.closed).toBe(true);
    expect(media.existing('s1')).toBeUndefined();
    expect(await media.room('s1')).not.toBe(room);
  });

  it('create() starts its own pool from the settings and runs rooms on it', async () => {
    media = await MediaService.create({
      pool: { size: 1, listen: { ip: '127.0.0.1', portRange: { min: 43800, max: 43999 } } },
      transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 },
      consumerBudget: 500,
    });
    const room = await media.room('s1');
    const { peer } = await room.join({ userId: 'u', displayName: 'U', role: 'hall', meetingPointId: null });
    expect((await room.createTransport(peer)).iceCandidates[0]!.ip).toBe('127.0.0.1');
  });

  it('reports the pool for the readiness check; close() closes rooms and workers and is idempotent', async () => {
    media = await create();
    expect([media.size, media.liveCount()]).toEqual([1, 1]);
    const room = await media.room('s1');
    media.close();
    media.close();
    await new Promise((r) => setTimeout(r, 0));
    expect(room.closed).toBe(true);
    expect(media.liveCount()).toBe(0);
    await expect(media.room('s3')).rejects.toThrow(InvalidStateError);
  });
});

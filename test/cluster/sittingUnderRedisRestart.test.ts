import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ok } from '../helpers/acks.js';
import { connectClient, followSitting, type Follower } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { snapshot } from '../../server/src/sitting/store.js';
import { startClusterRig, type ClusterRig } from './clusterRig.js';
import { FailoverClient } from './failoverClient.js';

/**
 * Redis restarts, empty, in the middle of a sitting: leases, fencing counters, the adapter's
 * stream and every subscription are gone for a while. Commands are refused as `not_ready`
 * (never applied unowned) and resent; broadcasts between processes are lost meanwhile. Once
 * Redis is back, every screen on every server converges to the database's state, and the
 * new owner's fencing token is above the old one (it is taken from the database, not Redis).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let rig: ClusterRig;
const sockets: ClientSocket[] = [];
const clients: FailoverClient[] = [];

beforeAll(async () => { rig = await startClusterRig({ servers: 3, delegates: 30 }); }, 180_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const c of clients) c.close();
  await rig?.stop();
}, 60_000);

describe('a Redis restart in the middle of a sitting', () => {
  it('leaves every screen on every server with the database\'s state, and the sitting owned again with a higher fencing token', async () => {
    const sittingId = rig.f.sittingId;
    const followers: Follower[] = [];
    for (let k = 0; k < 30; k++) {
      const s = await connectClient(rig.url(k % 3), rig.cookies[k]!);
      sockets.push(s);
      followers.push(followSitting(s, sittingId));
    }
    await Promise.all(followers.map((f) => f.ready));
    const chair = new FailoverClient(() => [0, 1, 2].map((i) => rig.url(i)), rig.cookies[rig.cookies.length - 1]!, 0);
    clients.push(chair);
    let item = 0;
    const change = () => chair.call<{ version: number }>('agenda:setCurrent', { sittingId, commandId: randomUUID(), agendaItemId: rig.f.itemIds[item++ % rig.f.itemIds.length] }, 3000, 60_000);
    ok(await change());
    const fenceBefore = (await rig.models.Sitting.findById(sittingId, { fence: 1 }).lean<{ fence: number }>())!.fence;
    expect(fenceBefore).toBeGreaterThan(0);

    // Changes keep coming while Redis goes away and comes back.
    let stop = false;
    const traffic = (async () => { while (!stop) { ok(await change()); await sleep(100); } })();
    await sleep(500);
    await rig.services.stopRedis();
    await sleep(3000);
    await rig.services.startRedisAgain();
    await sleep(3000);
    stop = true;
    await traffic;
    const last = ok(await change());

    const deps = { models: rig.models } as Parameters<typeof snapshot>[0];
    const db = await snapshot(deps, sittingId);
    expect(db.version).toBe(last.version);
    await Promise.all(followers.map((f) => f.waitForVersion(db.version, 15_000)));
    for (const f of followers) {
      expect(f.mirror.version).toBe(db.version);
      expect(f.mirror.state?.currentItemId).toBe(db.state.currentItemId);
    }
    const fenceAfter = (await rig.models.Sitting.findById(sittingId, { fence: 1 }).lean<{ fence: number }>())!.fence;
    expect(fenceAfter).toBeGreaterThan(fenceBefore);
    expect(await rig.owner()).not.toBeNull();
  }, 120_000);
});

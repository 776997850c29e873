import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDb } from '../../server/src/platform/db.js';
import { buildModels, syncIndexes, type Models } from '../../server/src/app/models.js';
import { snapshot } from '../../server/src/sitting/store.js';
import type { Deps } from '../../server/src/app/deps.js';
import { stateChecksum } from '../../contract/sittingSync.js';
import type { SittingSnapshot } from '../../contract/sitting.js';
import { freePort } from '../../scripts/lib/util.mjs';
import { startServerProcess, uriWithDb, type ServerProcess } from '../helpers/serverProcess.js';
import { buildLiveSitting, mintCookies, connectClient, followSitting, mapLimit, sendCommand, commandId, type Follower, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';

/**
 * The real server as a child process, killed with SIGKILL in the middle of a sitting and
 * started again on the same port: the sitting lives in the database, so nothing acknowledged
 * is lost, and the clients (socket.io reconnection + followSitting) come back to the same
 * state without anybody telling them to.
 */

const DELEGATES = 20;
let conn: Connection;
let models: Models;
let dbName: string;
let mongoUri: string;
let port: number;
let server: ServerProcess | null = null;
let f: LiveSitting;
const open: ClientSocket[] = [];

beforeAll(async () => {
  dbName = `t_${randomBytes(6).toString('hex')}`;
  mongoUri = uriWithDb(inject('mongoUri'), dbName);
  conn = await connectDb(inject('mongoUri'), dbName);
  models = buildModels(conn);
  await syncIndexes(models);
  f = await buildLiveSitting(models, { delegates: DELEGATES, electedTotal: 30, items: 4 });
  port = await freePort();
  server = await startServerProcess({ mongoUri, port });
});

afterAll(async () => {
  open.forEach((s) => s.close());
  await server?.stop();
  await conn?.dropDatabase().catch(() => {});
  await conn?.close();
});

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!pred()) {
    if (performance.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The sitting as the database holds it, read the way the server reads it. */
const dbSnapshot = () => snapshot({ models } as unknown as Deps, f.sittingId);

describe('a server killed mid-sitting', () => {
  it('kill -9 of the server mid-sitting, then restart: state intact, clients resync unaided', async () => {
    const cookies = await mintCookies(models, [f.chairId, f.secretaryId, ...f.delegateIds]);
    const connect = async (cookie: string) => {
      const s = await connectClient(server!.url, cookie, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
      open.push(s);
      return s;
    };
    const chair = followSitting(await connect(cookies[0]!), f.sittingId);
    const secretary = await connect(cookies[1]!);
    const delegates = await mapLimit(cookies.slice(2), 10, async (c) => followSitting(await connect(c), f.sittingId));
    const everyone: Follower[] = [chair, ...delegates];
    await Promise.all(everyone.map((fl) => fl.ready));
    const sid = f.sittingId;

    // ---- before the kill: a sitting under way, every command acknowledged
    const acked: number[] = [];
    const must = async (r: Promise<{ ok: boolean; data?: { version: number }; error?: string }>) => {
      const res = await r;
      expect(res).toMatchObject({ ok: true });
      acked.push(res.data!.version);
    };
    await must(sendCommand(chair.socket, 'agenda:setCurrent', { sittingId: sid, agendaItemId: f.itemIds[1]! }));
    for (const d of delegates.slice(0, 12)) await must(sendCommand(d.socket, 'attendance:checkIn', { sittingId: sid, status: 'hall' }));
    for (const d of delegates.slice(0, 5)) await must(sendCommand(d.socket, 'floor:request', { sittingId: sid, kind: 'speak' }));
    await must(sendCommand(delegates[5]!.socket, 'floor:request', { sittingId: sid, kind: 'question', official: 'Giám đốc Sở Y tế' }));
    await must(sendCommand(chair.socket, 'floor:grant', { sittingId: sid, requestId: (await dbSnapshot()).state.queue[0]!.requestId }));
    const before: SittingSnapshot = await dbSnapshot();
    expect(before.version).toBe(Math.max(...acked));
    await Promise.all(everyone.map((fl) => fl.waitForVersion(before.version, 5000)));
    for (const fl of everyone) expect(fl.mirror.checksum()).toBe(stateChecksum(before));

    // ---- a burst of check-ins by the secretary, and SIGKILL while it is in flight
    const burst = delegates.slice(12).map((d, i) => ({ userId: f.delegateIds[12 + i]!, commandId: commandId(), d }));
    const burstAcked: string[] = [];
    let killed = false;
    const firstAcks = new Promise<void>((resolve) => {
      for (const b of burst) {
        void secretary.timeout(3000).emitWithAck('attendance:checkIn', { sittingId: sid, commandId: b.commandId, userId: b.userId, status: 'hall' })
          .then((r) => {
            if (!killed && r.ok) { burstAcked.push(b.userId); acked.push(r.data.version); }
            if (burstAcked.length >= 3) resolve();
          }, () => { /* lost with the server */ });
      }
    });
    await firstAcks;
    await server!.kill9();
    killed = true;
    server = null;
    const tKill = performance.now();

    // Nothing acknowledged before the kill is lost: the database has every one of them.
    const atKill = await dbSnapshot();
    expect(atKill.version).toBeGreaterThanOrEqual(Math.max(...acked));
    const present = new Set(atKill.state.attendance.map((a) => a.userId));
    for (const u of [...f.delegateIds.slice(0, 12), ...burstAcked]) expect(present.has(u)).toBe(true);
    // The rest of the state is what it was before the burst.
    const { attendance: _a, quorum: _q, ...restAtKill } = atKill.state;
    const { attendance: _b, quorum: _r, ...restBefore } = before.state;
    expect(restAtKill).toEqual(restBefore);
    expect(atKill.state.attendance.slice(0, before.state.attendance.length)).toEqual(before.state.attendance);

    // While the server is down the clients know it.
    await new Promise((r) => setTimeout(r, 300));
    expect(everyone.every((fl) => !fl.socket.connected)).toBe(true);

    // ---- restart on the same port; nobody calls connect()
    const tRestart = performance.now();
    server = await startServerProcess({ mongoUri, port });
    const tUp = performance.now();
    // Every client reconnects by itself and loads the sitting again (a load after the restart).
    await until(() => everyone.every((fl) => fl.socket.connected && fl.lastChangeAt > tRestart && fl.mirror.version >= atKill.version), 15_000, 'every client back and resynced');
    // A check-in that was still in the secretary's socket buffer at the kill is sent again on
    // reconnection (same command id) and may be applied after the restart: every client must
    // end equal to the server's state as it is now, which contains everything at the kill.
    let now = await dbSnapshot();
    for (let i = 0; i < 50 && !everyone.every((fl) => fl.mirror.version === now.version); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await dbSnapshot();
    }
    expect(now.version).toBeGreaterThanOrEqual(atKill.version);
    const nowPresent = new Set(now.state.attendance.map((a) => a.userId));
    for (const u of present) expect(nowPresent.has(u)).toBe(true);
    const resyncMs = Math.max(...everyone.map((fl) => fl.lastChangeAt)) - tUp;
    for (const fl of everyone) {
      expect(fl.connects).toBeGreaterThanOrEqual(2);
      expect(fl.mirror.version).toBe(now.version);
      expect(fl.mirror.checksum()).toBe(stateChecksum(now));
    }
    expect(resyncMs).toBeLessThan(5000);
    expect(performance.now() - tKill).toBeLessThan(60_000);

    // ---- and the sitting carries on: commands after the restart reach every mirror
    await must(sendCommand(chair.socket, 'floor:end', { sittingId: sid }));
    await must(sendCommand(chair.socket, 'agenda:setCurrent', { sittingId: sid, agendaItemId: f.itemIds[2]! }));
    await must(sendCommand(delegates[19]!.socket, 'floor:request', { sittingId: sid, kind: 'debate' }));
    const after = await dbSnapshot();
    expect(after.version).toBe(now.version + 3);
    expect(after.state.currentItemId).toBe(f.itemIds[2]);
    expect(after.state.speaking).toBeNull();
    expect(after.state.queue.map((q) => q.userId)).toEqual([...now.state.queue.map((q) => q.userId), f.delegateIds[19]]);
    expect(after.state.attendance).toEqual(now.state.attendance);
    await Promise.all(everyone.map((fl) => fl.waitForVersion(after.version, 5000)));
    for (const fl of everyone) expect(fl.mirror.checksum()).toBe(stateChecksum(after));
    // The server's own snapshot agrees with the database.
    const served = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: sid });
    expect(served.ok && stateChecksum(served.data)).toBe(stateChecksum(after));
  }, 120_000);
});

import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDb } from '../../server/src/platform/db.js';
import { buildModels, syncIndexes, type Models } from '../../server/src/app/models.js';
import type { PollView, Receipt, TallyView } from '../../contract/poll.js';
import type { Ack } from '../../contract/errors.js';
import { ok } from '../helpers/acks.js';
import { freePort } from '../../scripts/lib/util.mjs';
import { startServerProcess, uriWithDb, type ServerProcess } from '../helpers/serverProcess.js';
import { buildLiveSitting, mintCookies, connectClient, mapLimit, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';

/**
 * The real server as a child process, killed with SIGKILL at a random moment while
 * delegates vote, 20 times. Each delegate's tablet keeps sending its ballot (the same command
 * id) until it is acknowledged, across the crash and the restart. After each run the round
 * is closed: every acknowledged receipt is in the tally, no delegate has two ballots, and
 * the ballots equal the delegates recorded as having voted, and the ballots issued.
 */
const RUNS = 20;
const DELEGATES = 30;
let conn: Connection;
let models: Models;
let mongoUri: string;
let port: number;
let server: ServerProcess | null = null;
let f: LiveSitting;
const open: ClientSocket[] = [];

beforeAll(async () => {
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  mongoUri = uriWithDb(inject('mongoUri'), dbName);
  conn = await connectDb(inject('mongoUri'), dbName);
  models = buildModels(conn);
  await syncIndexes(models);
  f = await buildLiveSitting(models, { delegates: DELEGATES, electedTotal: DELEGATES });
  const attendance = f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance } });
  port = await freePort();
  server = await startServerProcess({ mongoUri, port });
}, 60_000);

afterAll(async () => {
  open.forEach((s) => s.close());
  await server?.stop();
  await conn?.dropDatabase().catch(() => {});
  await conn?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type AnyAck<T> = Ack<T> | { ok: false; error: 'timeout' };
async function send<T>(s: ClientSocket, event: string, payload: unknown, timeoutMs = 2_000): Promise<AnyAck<T>> {
  try {
    return await (s as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack<T>> } }).timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: 'timeout' };
  }
}
/** Sends until answered (the same payload, so the same command id), as the tablet does. */
async function untilAnswered<T>(s: ClientSocket, event: string, payload: unknown, deadlineMs = 30_000): Promise<Ack<T>> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const res = await send<T>(s, event, payload);
    if (res.ok || res.error !== 'timeout' && res.error !== 'internal_error') return res as Ack<T>;
    if (performance.now() > deadline) throw new Error(`${event}: no answer in ${deadlineMs} ms`);
    await sleep(100);
  }
}

describe('a server killed while delegates vote', () => {
  it(`kill -9 at a random point during voting, ${RUNS} runs → every acknowledged ballot present, none duplicated`, async () => {
    const cookies = await mintCookies(models, [f.chairId, ...f.delegateIds]);
    const sockets = await mapLimit(cookies, 10, async (c) => {
      const s = await connectClient(server!.url, c, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
      open.push(s);
      return s;
    });
    const [chair, ...voters] = sockets as [ClientSocket, ...ClientSocket[]];
    const summary: string[] = [];

    for (let run = 0; run < RUNS; run++) {
      const secret = run % 4 !== 3; // mostly secret polls, every fourth named
      const poll = ok(await untilAnswered<PollView>(chair, 'poll:create', { sittingId: f.sittingId, commandId: randomUUID(), title: `Biểu quyết ${run}`, kind: 'resolution', secret }));
      ok(await untilAnswered(chair, 'poll:open', { pollId: poll.id, commandId: randomUUID() }));

      const acked = new Map<number, string>();
      const ballots = voters.map((_, i) => ({ pollId: poll.id, round: 1, commandId: randomUUID(), choices: [['yes', 'no', 'abstain'][i % 3]!] }));
      const voting = Promise.all(voters.map(async (v, i) => {
        await sleep(Math.random() * 300);
        const res = await untilAnswered<Receipt>(v, 'poll:vote', ballots[i]);
        acked.set(i, ok(res).receipt);
      }));
      const killAt = Math.round(Math.random() * 350);
      await sleep(killAt);
      const before = acked.size;
      await server!.kill9();
      server = await startServerProcess({ mongoUri, port });
      await voting;

      const tally = ok(await untilAnswered<TallyView>(chair, 'poll:close', { pollId: poll.id, commandId: randomUUID() }));
      const stored = secret
        ? (await models.SealedBallot.find({ pollId: poll.id }, { receiptHash: 1 }).lean()).map((b) => b.receiptHash)
        : (await models.NamedBallot.find({ pollId: poll.id }, { receipt: 1 }).lean()).map((b) => b.receipt);
      const voted = await (secret ? models.SealedVoter : models.PollVoted).countDocuments({ pollId: poll.id });
      expect(acked.size).toBe(DELEGATES);
      expect(new Set(stored).size).toBe(stored.length);
      expect([...stored].sort()).toEqual([...acked.values()].sort());
      expect(voted).toBe(DELEGATES);
      expect(tally.ballots).toBe(DELEGATES);
      // Every delegate attended at the opening: each was issued a ballot, across the restart.
      expect(tally.issued).toBe(DELEGATES);
      if (secret) expect(await models.SecretBallot.countDocuments({ pollId: poll.id }) + await models.PollVoted.countDocuments({ pollId: poll.id })).toBe(0);
      summary.push(`run ${run + 1}: killed at ${killAt} ms with ${before}/${DELEGATES} acknowledged`);
    }
    // The kills did land mid-vote: in some runs part, not all, of the ballots were acknowledged.
    expect(summary.some((s) => !/ 0\/| 30\//.test(s))).toBe(true);
    console.log(summary.join('\n'));
  }, 600_000);
});

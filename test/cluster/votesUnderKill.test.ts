import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { PollView, Receipt, TallyView, ReceiptList } from '../../contract/poll.js';
import { ok } from '../helpers/acks.js';
import { mapLimit } from '../helpers/liveFixtures.js';
import { startClusterRig, type ClusterRig } from './clusterRig.js';
import { FailoverClient, LeastConnections } from './failoverClient.js';

/**
 * Three server processes on three hosts (network namespaces), one database (FerretDB over
 * PostgreSQL on each host), one Redis. 500 delegates spread over them vote within a second
 * while one process, chosen at random (often the sitting's owner), is killed with SIGKILL at a
 * random moment of that second. The clients of the killed process connect to another one and
 * vote on. Every run: every acknowledged ballot is in the tally, none twice, one tally.
 */
const RUNS = Number(process.env.CLUSTER_KILL_RUNS || 20);
const DELEGATES = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let rig: ClusterRig;
let voters: FailoverClient[];
let chair: FailoverClient;
const resyncs: number[] = [];

beforeAll(async () => {
  rig = await startClusterRig({ servers: 3, delegates: DELEGATES });
  const urls = () => rig.live().map((i) => rig.url(i));
  const join = async (s: import('../helpers/sockets.js').ClientSocket) => {
    const res = await (s as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean }> } }).timeout(5000).emitWithAck('sitting:join', { sittingId: rig.f.sittingId });
    if (!res.ok) throw new Error('sitting:join refused');
  };
  // Placed as a balancer would (leastconn): spread at the start, and spread again after a kill.
  const balancer = new LeastConnections();
  voters = rig.cookies.slice(0, DELEGATES).map((c, i) => new FailoverClient(urls, c, i, join, balancer));
  chair = new FailoverClient(urls, rig.cookies[DELEGATES]!, 0, join);
  await mapLimit([...voters, chair], 50, (v) => v.current());
}, 180_000);

/** On a failure every server's last words are printed, warnings included (a lease lost, a slow take-over). */
let failed = false;
afterEach((ctx) => { if (ctx.task.result?.state === 'fail') failed = true; });
afterAll(async () => {
  // On a failure, what the servers said (the test's own error says what was wrong).
  for (const s of rig?.servers ?? []) if (s && (failed || /error|ERR/.test(s.output()))) console.log(`server ${s.url}:\n${s.output().slice(-3000)}`);
  for (const v of [...(voters ?? []), ...(chair ? [chair] : [])]) v.close();
  await rig?.stop();
}, 60_000);

describe('a cluster of three server processes on three hosts', () => {
  it(`keeps every acknowledged ballot, counts none twice and gives one tally while a process is killed at random (${RUNS} runs)`, async () => {
    for (let run = 1; run <= RUNS; run++) {
      const poll = ok(await chair.call<PollView>('poll:create', { sittingId: rig.f.sittingId, commandId: randomUUID(), title: `Nghị quyết ${run}`, kind: 'resolution', secret: run % 2 === 0 }));
      ok(await chair.call('poll:open', { pollId: poll.id, commandId: randomUUID() }));
      const spread = rig.live().map((i) => voters.filter((v) => v.url === rig.url(i)).length).join('/');
      const victim = rig.live()[Math.floor(Math.random() * rig.live().length)]!;
      const killAt = Math.random() * 1000;
      const t0 = Date.now();
      for (const v of voters) { v.lostAt = 0; v.backAt = 0; }
      const killing = sleep(killAt).then(() => rig.kill(victim));
      const receipts = await Promise.all(voters.map(async (v, i) => {
        await sleep(Math.random() * 1000);
        const r = ok(await v.call<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: randomUUID(), choices: [i % 3 === 0 ? 'no' : 'yes'] }));
        return r.receipt;
      }));
      await killing;
      const closes = await Promise.all([0, 1].map(() => chair.call<TallyView>('poll:close', { pollId: poll.id, commandId: randomUUID() })));
      const [a, b] = closes.map((c) => ok(c));
      expect(a!.hash).toBe(b!.hash);
      expect(a!.ballots).toBe(DELEGATES);
      ok(await chair.call('poll:publish', { pollId: poll.id, commandId: randomUUID() }));
      const live = rig.url(rig.live()[0]!);
      const list = ((await (await fetch(`${live}/api/polls/${poll.id}/receipts`, { headers: { cookie: rig.cookies[DELEGATES]! } })).json()) as { data: ReceiptList }).data;
      expect(new Set(list.receipts).size).toBe(list.receipts.length);
      expect([...list.receipts].sort()).toEqual([...new Set(receipts)].sort());
      const mine = voters.filter((v) => v.lostAt >= t0 && v.backAt > v.lostAt);
      const back = mine.map((v) => v.backAt - v.lostAt);
      resyncs.push(...back);
      // This run's own figures: how many moved, and how long the connection and the re-join took.
      const connected = mine.map((v) => v.connectedAt - v.lostAt);
      const thisRun = `${mine.length} moved: connected p50 ${p50(connected)} max ${Math.max(0, ...connected)} ms, back p50 ${p50(back)} max ${Math.max(0, ...back)} ms`;
      await rig.start(victim);
      console.log(`run ${run}: delegates on the servers ${spread}; killed server ${victim} at ${Math.round(killAt)} ms; ${DELEGATES} ballots, tally ${a!.hash.slice(0, 8)}; ${thisRun}; resync p99 ${p99(resyncs)} ms so far`);
    }
    expect(resyncs.length).toBeGreaterThan(0);
    expect(p99(resyncs)).toBeLessThan(5000);
  }, 20 * 60_000);
});

function p50(xs: number[]): number {
  if (xs.length === 0) return 0;
  return [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
}

function p99(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

#!/usr/bin/env node
// `npm run bench:votes` (node --import tsx bench/votes.ts): 500 delegates, each with their
// own session and socket.io connection, cast a secret ballot within the same second (each
// at a random moment of that second) on ONE server process. Per round: the ack latency of
// every ballot (emit → acknowledgement, one clock: all clients live in this process), then
// the chair closes the poll at once and we time the last ballot's ack → the `poll:tallied`
// broadcast reaching a delegate's screen. Checks every acknowledged receipt is in the
// tally. Several rounds (one poll each); figures are medians over rounds. Last line: JSON.
//
// The server is the real one (`node --import tsx server/src/app/main.ts`, MEDIA_WORKERS=1) on a
// throwaway FerretDB; the fixture is written straight into the database before it starts.
// Settings: BENCH_VOTERS (500), BENCH_ROUNDS (5), BENCH_SPREAD_MS (1000), BENCH_TIMEOUT_MS (600000),
// BENCH_CPU_PROF=<dir> (the server runs with --cpu-prof; the profile is written there when it stops),
// DB_SLOW_MS=<ms> (the server logs database commands slower than that; summed per collection at the end).
import { type ChildProcess } from 'node:child_process';
import type { Connection } from 'mongoose';
import { freePort } from '../scripts/lib/util.mjs';
import type { Ack } from '../contract/errors.js';
import { ok } from '../test/helpers/acks.js';
import { buildLiveSitting, mintCookies, connectClient, mapLimit } from '../test/helpers/liveFixtures.js';
import { startServerProcess, type ServerProcess } from '../test/helpers/serverProcess.js';
import type { ClientSocket } from '../test/helpers/sockets.js';
import { guardRun } from './lib/guardRun.js';
import { loadNow, machine, machineLine } from './lib/machine.mjs';
import { startBenchDb } from './lib/benchDb.js';
import { cpuSeconds, median, r1 } from './lib/procStats.js';
import { slowCommandSummary } from './lib/slowCommands.js';
import { voteRound, type Call } from './lib/voteRound.js';

const env = process.env;
const VOTERS = Number(env.BENCH_VOTERS || 500);
const ROUNDS = Number(env.BENCH_ROUNDS || 5);
const SPREAD_MS = Number(env.BENCH_SPREAD_MS || 1000);
const TIMEOUT_MS = Number(env.BENCH_TIMEOUT_MS || 600_000);
const GOAL_ACK_P99_MS = 40;
const GOAL_TALLY_MS = 1000;
const log = (msg: string) => console.log(msg);

let dataDir: string | null = null;
let ferret: ChildProcess | null = null;
let conn: Connection | null = null;
let server: ServerProcess | null = null;
const sockets: ClientSocket[] = [];
const { cleanup, watchdog } = guardRun('bench:votes', TIMEOUT_MS, () => ({ dataDir, ferret, conn, server, sockets }));

type Emit = <T>(s: ClientSocket, event: string, payload: unknown) => Promise<Ack<T>>;
const emit: Emit = (s, event, payload) => (s as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<never> } }).timeout(10_000).emitWithAck(event, payload);
const call: Call = async <T>(s: ClientSocket, event: string, payload: unknown) => ok(await emit<T>(s, event, payload));

async function main() {
  const db = await startBenchDb('votes');
  ({ dataDir, ferret, conn } = db);
  const { mongoUri, models } = db;
  const f = await buildLiveSitting(models, { delegates: VOTERS, electedTotal: VOTERS });
  const attendance = f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance } });
  const cookies = await mintCookies(models, [...f.delegateIds, f.chairId], { concurrency: 1 });
  const chairCookie = cookies.pop()!;
  log(`fixture: council N=${VOTERS}, ${VOTERS} delegates present + chair, open sitting`);

  const cpuProfDir = env.BENCH_CPU_PROF;
  server = await startServerProcess({ mongoUri, port: await freePort(), nofile: VOTERS + 1024, ...(cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] } : {}) });
  const pid = server.pid;
  const voters = await mapLimit(cookies, 50, async (c) => {
    const s = await connectClient(server!.url, c);
    sockets.push(s);
    return s;
  });
  const chair = await connectClient(server.url, chairCookie);
  sockets.push(chair);
  ok(await emit(chair, 'sitting:join', { sittingId: f.sittingId }));
  // A delegate's screen follows the sitting: it times the tally broadcast.
  const screen = voters[0]!;
  ok(await emit(screen, 'sitting:join', { sittingId: f.sittingId }));
  log(`${voters.length} delegates connected; server pid ${pid}`);

  const rounds: Array<{ ackP50: number; ackP99: number; ackMax: number; tallyMs: number; castSpanMs: number; cpu: number }> = [];
  const load0 = loadNow();
  log(machineLine());
  for (let r = 0; r < ROUNDS + 1; r++) {
    const warmup = r === 0;
    let c0 = 0;
    let start = 0;
    const figures = await voteRound({ call, chair, voters, screen, sittingId: f.sittingId, title: `Nghị quyết ${r}`, spreadMs: SPREAD_MS, castStarts: () => { c0 = cpuSeconds(pid); start = performance.now() + 50; } });
    const cpu = ((cpuSeconds(pid) - c0) / ((performance.now() - start) / 1000)) * 100;
    const round = { ...figures, cpu };
    log(`${warmup ? 'warm-up' : `round ${r}/${ROUNDS}`}: ${voters.length} ballots in ${round.castSpanMs.toFixed(0)} ms; ack p50 ${round.ackP50.toFixed(1)} ms, p99 ${round.ackP99.toFixed(1)} ms, max ${round.ackMax.toFixed(1)} ms; last ballot → tally on screen ${round.tallyMs.toFixed(0)} ms; server CPU ${cpu.toFixed(0)} % of a core`);
    if (!warmup) rounds.push(round);
  }

  const ackP99 = median(rounds.map((x) => x.ackP99));
  const tallyMs = median(rounds.map((x) => x.tallyMs));
  const result = {
    bench: 'votes',
    voters: VOTERS,
    rounds: ROUNDS,
    spreadMs: SPREAD_MS,
    ackMs: { p50: r1(median(rounds.map((x) => x.ackP50))), p99: r1(ackP99), max: r1(median(rounds.map((x) => x.ackMax))) },
    lastBallotToTallyMs: r1(tallyMs),
    castSpanMs: r1(median(rounds.map((x) => x.castSpanMs))),
    serverCpuPercentOfOneCore: Math.round(median(rounds.map((x) => x.cpu))),
    machine: machine(load0),
    goals: { ackP99Ms: GOAL_ACK_P99_MS, lastBallotToTallyMs: GOAL_TALLY_MS },
    goalMet: ackP99 < GOAL_ACK_P99_MS && tallyMs < GOAL_TALLY_MS,
  };
  if (env.DB_SLOW_MS) for (const line of slowCommandSummary(server.output())) log(`slow database command: ${line}`);
  log(`median of ${ROUNDS} rounds: ack p99 ${result.ackMs.p99} ms (goal < ${GOAL_ACK_P99_MS}), last ballot → tally ${result.lastBallotToTallyMs} ms (goal < ${GOAL_TALLY_MS})`);
  await cleanup();
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => { clearTimeout(watchdog); process.exit(code); },
  async (err) => {
    console.error('bench:votes failed:', err instanceof Error ? err.stack : err);
    if (server) console.error(`server output (tail):\n${server.output().slice(-4000)}`);
    await cleanup();
    process.exit(1);
  },
);

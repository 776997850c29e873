#!/usr/bin/env node
// `npm run bench:live` (node --import tsx bench/live.ts): 1,000 socket.io clients, each a
// distinct delegate with its own session cookie, follow one open sitting on ONE server
// process; the chair changes the current item 100 times, one after the other. For each
// change: delivery latency = time from the chair's emit to each client receiving the delta
// (clients and chair live in this process, so one clock), and the chair's ack latency.
// Prints p50/p99/max, server CPU (% of one core, from /proc/<pid>/stat) and RSS, checks that
// every client's mirror ends equal to the server's snapshot, and prints one JSON line last.
//
// The server is the real one (`node --import tsx server/src/app/main.ts`, MEDIA_WORKERS=1) on a
// throwaway FerretDB; the fixture is written straight into the database before it starts.
// Settings: BENCH_CLIENTS (1000), BENCH_CHANGES (100), BENCH_ROUNDS (1), BENCH_WARMUP (5),
// BENCH_PAUSE_MS (50), BENCH_TIMEOUT_MS (600000), BENCH_CPU_PROF=<dir> (server --cpu-prof).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { loadNow, machine, machineLine } from './lib/machine.mjs';
import type { Connection } from 'mongoose';
import { freePort } from '../scripts/lib/util.mjs';
import type { Models } from '../server/src/app/models.js';
import { loadConfig } from '../server/src/platform/config.js';
import type { Deps } from '../server/src/app/deps.js';
import { resolveLogin } from '../server/src/auth/logins.js';
import { actorFor } from '../server/src/council/actor.js';
import { stateChecksum } from '../contract/sittingSync.js';
import type { SittingDelta } from '../contract/sitting.js';
import { buildLiveSitting, mintCookies, connectClient, followSitting, mapLimit, percentile, commandId, type Follower } from '../test/helpers/liveFixtures.js';
import { startServerProcess, openFileLimits, type ServerProcess } from '../test/helpers/serverProcess.js';
import type { ClientSocket } from '../test/helpers/sockets.js';
import { guardRun } from './lib/guardRun.js';
import { startBenchDb } from './lib/benchDb.js';
import { cpuSeconds, statusKiB, mib, median, r1, sleep } from './lib/procStats.js';

const env = process.env;
const CLIENTS = Number(env.BENCH_CLIENTS || 1000);
const CHANGES = Number(env.BENCH_CHANGES || 100);
const ROUNDS = Number(env.BENCH_ROUNDS || 1);
const WARMUP = Number(env.BENCH_WARMUP ?? 5);
const PAUSE_MS = Number(env.BENCH_PAUSE_MS ?? 50);
const TIMEOUT_MS = Number(env.BENCH_TIMEOUT_MS || 600_000);
const GOAL_P99_MS = 100;
/** How long to wait for one change to reach every client before counting it as lost. */
const DELIVERY_WAIT_MS = 10_000;

// ---- open files: one socket per client here, one per client in the server, plus slack.
const NOFILE = CLIENTS + 1024;
{
  const { soft, hard } = openFileLimits();
  if (soft < NOFILE) {
    if (hard < NOFILE || env.BENCH_LIVE_REEXEC) {
      console.error(`bench:live needs ${NOFILE} open files (soft limit ${soft}, hard limit ${hard}); raise it (ulimit -n ${NOFILE}) or lower BENCH_CLIENTS.`);
      process.exit(2);
    }
    // Raise the soft limit (up to the hard one, no privilege needed) and run again.
    const r = spawnSync('/bin/sh', ['-c', `ulimit -n ${NOFILE} && exec "$@"`, 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...env, BENCH_LIVE_REEXEC: '1' } });
    process.exit(r.status ?? 1);
  }
}

const log = (msg: string) => console.log(msg);

// ---- everything this run starts, stopped in `cleanup` whatever happens.
let dataDir: string | null = null;
let ferret: ChildProcess | null = null;
let conn: Connection | null = null;
let server: ServerProcess | null = null;
const sockets: ClientSocket[] = [];
const { cleanup, watchdog } = guardRun('bench:live', TIMEOUT_MS, () => ({ dataDir, ferret, conn, server, sockets }));

async function main() {
  // ---- database and fixture (before the server starts)
  const db = await startBenchDb('live');
  ({ dataDir, ferret, conn } = db);
  const { mongoUri, models } = db;
  let t = performance.now();
  const f = await buildLiveSitting(models, { delegates: CLIENTS, electedTotal: CLIENTS, items: 5 });
  // Sessions are opened one by one, the chair's last (after the delegates, as in the hall):
  // every socket command re-reads its sender's session, and FerretDB finds it by scanning.
  const cookies = await mintCookies(models, [...f.delegateIds, f.chairId], { concurrency: 1 });
  const chairCookie = cookies.pop()!;
  log(`fixture: council N=${CLIENTS}, ${CLIENTS} delegates + chair, ${f.itemIds.length} agenda items, open sitting; ${cookies.length + 1} sessions (${Math.round(performance.now() - t)} ms)`);

  // ---- the server
  const cpuProfDir = env.BENCH_CPU_PROF;
  t = performance.now();
  server = await startServerProcess({
    mongoUri, port: await freePort(), nofile: NOFILE,
    ...(cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] } : {}),
  });
  const pid = server.pid;
  const readyRssKiB = statusKiB(pid, 'VmRSS');
  log(`server pid ${pid} ready on ${server.url} in ${Math.round(performance.now() - t)} ms; RSS ${mib(readyRssKiB)} MiB`);

  // ---- clients: connect, join with a mirror, and note when each delta arrives
  /** Receive times (performance.now()) per delta version, for the changes being measured. */
  const received = new Map<number, { times: Float64Array; n: number; done: () => void }>();
  const onDelta = (d: SittingDelta) => {
    const t = performance.now();
    const r = received.get(d.version);
    if (!r) return;
    r.times[r.n++] = t;
    if (r.n === CLIENTS) r.done();
  };
  t = performance.now();
  const followers: Follower[] = await mapLimit(cookies, 50, async (cookie) => {
    const s = await connectClient(server!.url, cookie, { reconnection: true, reconnectionDelay: 500, reconnectionDelayMax: 2000 });
    sockets.push(s);
    const fl = followSitting(s, f.sittingId, { onDelta });
    await fl.ready;
    return fl;
  });
  const chairSocket = await connectClient(server.url, chairCookie);
  sockets.push(chairSocket);
  const chair = followSitting(chairSocket, f.sittingId);
  await chair.ready;
  const joinMs = Math.round(performance.now() - t);
  const joinedRssKiB = statusKiB(pid, 'VmRSS');
  log(`${followers.length} clients connected and joined in ${joinMs} ms; server RSS ${mib(joinedRssKiB)} MiB`);

  // ---- the chair changes the current item, one change after the other
  let version = chair.mirror.version;
  let item = 0;
  const change = async () => {
    item = (item + 1) % f.itemIds.length;
    const expected = version + 1;
    let done!: () => void;
    const all = new Promise<void>((r) => { done = r; });
    const entry = { times: new Float64Array(CLIENTS), n: 0, done };
    received.set(expected, entry);
    const t0 = performance.now();
    const ack = await chairSocket.timeout(DELIVERY_WAIT_MS).emitWithAck('agenda:setCurrent', { sittingId: f.sittingId, commandId: commandId(), agendaItemId: f.itemIds[item]! });
    const ackMs = performance.now() - t0;
    if (!ack.ok) throw new Error(`agenda:setCurrent refused: ${ack.error} ${ack.message}`);
    if (ack.data.version !== expected) throw new Error(`expected version ${expected}, got ${ack.data.version}`);
    version = expected;
    await Promise.race([all, sleep(DELIVERY_WAIT_MS)]);
    received.delete(expected);
    const times = entry.times.subarray(0, entry.n);
    const lat = Array.from(times, (x) => x - t0);
    const spread = entry.n ? Math.max(...times) - Math.min(...times) : NaN;
    return { ackMs, lat, lost: CLIENTS - entry.n, spread };
  };

  for (let i = 0; i < WARMUP; i++) { await change(); await sleep(PAUSE_MS); }

  const rounds: Array<{ p50: number; p99: number; max: number; ackP50: number; ackP99: number; spreadP50: number; lost: number; cpu: number; seconds: number }> = [];
  const allLat: number[] = [];
  const allAck: number[] = [];
  let peakRssKiB = 0;
  let lostTotal = 0;
  const load0 = loadNow();
  log(machineLine());
  if (load0[0]! > 2.5) log(`note: load average ${load0[0]!.toFixed(1)} before measuring: other work on this machine will show in the figures`);
  const serverCpu0 = cpuSeconds(pid);
  const ferretCpu0 = cpuSeconds(db.ferret.pid!);
  const benchCpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const lat: number[] = [];
    const acks: number[] = [];
    const spreads: number[] = [];
    let lost = 0;
    const c0 = cpuSeconds(pid);
    const w0 = performance.now();
    for (let i = 0; i < CHANGES; i++) {
      const res = await change();
      for (const x of res.lat) lat.push(x);
      acks.push(res.ackMs);
      spreads.push(res.spread);
      lost += res.lost;
      peakRssKiB = Math.max(peakRssKiB, statusKiB(pid, 'VmRSS'));
      await sleep(PAUSE_MS);
    }
    const seconds = (performance.now() - w0) / 1000;
    lat.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    spreads.sort((a, b) => a - b);
    const round = {
      p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat[lat.length - 1] ?? NaN,
      ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), spreadP50: percentile(spreads, 50),
      lost, cpu: ((cpuSeconds(pid) - c0) / seconds) * 100, seconds,
    };
    rounds.push(round);
    for (const x of lat) allLat.push(x);
    for (const x of acks) allAck.push(x);
    lostTotal += lost;
    log(`round ${r + 1}/${ROUNDS}: ${CHANGES} changes × ${CLIENTS} clients = ${lat.length} deliveries (${lost} missing) in ${seconds.toFixed(1)} s; `
      + `delivery p50 ${round.p50.toFixed(1)} ms, p99 ${round.p99.toFixed(1)} ms, max ${round.max.toFixed(1)} ms; `
      + `ack p50 ${round.ackP50.toFixed(1)} ms, p99 ${round.ackP99.toFixed(1)} ms; first→last client ${round.spreadP50.toFixed(1)} ms (p50); server CPU ${round.cpu.toFixed(0)} % of a core`);
  }
  const wallS = (performance.now() - wall0) / 1000;
  const serverCpuPct = ((cpuSeconds(pid) - serverCpu0) / wallS) * 100;
  const ferretCpuPct = ((cpuSeconds(db.ferret.pid!) - ferretCpu0) / wallS) * 100;
  const bc = process.cpuUsage(benchCpu0);
  const benchCpuPct = ((bc.user + bc.system) / 1e6 / wallS) * 100;
  const endRssKiB = statusKiB(pid, 'VmRSS');
  const hwmKiB = statusKiB(pid, 'VmHWM');

  // ---- every mirror must equal the server's snapshot
  const snap = await chairSocket.timeout(10_000).emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
  if (!snap.ok) throw new Error(`sitting:snapshot refused: ${snap.error}`);
  const expected = stateChecksum(snap.data);
  await Promise.allSettled([...followers, chair].map((fl) => fl.waitForVersion(snap.data.version, 5000)));
  const equal = followers.filter((fl) => fl.mirror.checksum() === expected).length;
  const chairEqual = chair.mirror.checksum() === expected;
  const reconnects = followers.reduce((n, fl) => n + fl.connects - 1, 0);
  const resyncs = followers.reduce((n, fl) => n + fl.mirror.resyncs, 0);
  log(`checksums: ${equal}/${followers.length} clients${chairEqual ? ' and the chair' : ' (the chair DIFFERS)'} equal the server snapshot (version ${snap.data.version}, ${expected}); reconnections ${reconnects}, resyncs ${resyncs}`);

  // ---- where a command's time goes: the reads store.ts makes for each one, timed against the
  // same database (the server is idle now). FerretDB (SQLite) scans a whole collection for
  // any filter but _id, so these grow with the number of sessions and memberships.
  const dbQueryMs = await timeCommandReads(models, f, decodeURIComponent(chairCookie.split('=')[1]!));
  log(`a command's reads (ms, mean of 10): ${Object.entries(dbQueryMs).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  allLat.sort((a, b) => a - b);
  allAck.sort((a, b) => a - b);
  const pooledP99 = percentile(allLat, 99);
  const p99 = ROUNDS > 1 ? median(rounds.map((r) => r.p99)) : pooledP99;
  const result = {
    bench: 'live',
    clients: CLIENTS,
    changes: CHANGES,
    rounds: ROUNDS,
    samples: allLat.length,
    missing: lostTotal,
    deliveryMs: {
      p50: r1(ROUNDS > 1 ? median(rounds.map((r) => r.p50)) : percentile(allLat, 50)),
      p99: r1(p99),
      max: r1(ROUNDS > 1 ? median(rounds.map((r) => r.max)) : allLat[allLat.length - 1] ?? NaN),
    },
    ackMs: {
      p50: r1(ROUNDS > 1 ? median(rounds.map((r) => r.ackP50)) : percentile(allAck, 50)),
      p99: r1(ROUNDS > 1 ? median(rounds.map((r) => r.ackP99)) : percentile(allAck, 99)),
    },
    fanoutSpreadMsP50: r1(median(rounds.map((r) => r.spreadP50))),
    serverCpuPercentOfOneCore: Math.round(serverCpuPct),
    serverRssMiB: { atReady: mib(readyRssKiB), joined: mib(joinedRssKiB), end: mib(endRssKiB), peak: mib(Math.max(peakRssKiB, hwmKiB)) },
    ferretdbCpuPercentOfOneCore: Math.round(ferretCpuPct),
    benchCpuPercentOfOneCore: Math.round(benchCpuPct),
    joinAllMs: joinMs,
    dbQueryMs,
    reconnections: reconnects,
    checksumsEqual: `${equal + (chairEqual ? 1 : 0)}/${followers.length + 1}`,
    machine: machine(load0),
    goalP99Ms: GOAL_P99_MS,
    goalMet: p99 < GOAL_P99_MS && lostTotal === 0 && equal === followers.length && chairEqual,
  };
  log(`delivery p50 ${result.deliveryMs.p50} ms, p99 ${result.deliveryMs.p99} ms, max ${result.deliveryMs.max} ms (goal p99 < ${GOAL_P99_MS} ms: ${p99 < GOAL_P99_MS ? 'met' : 'MISSED'}); `
    + `server CPU ${result.serverCpuPercentOfOneCore} % of a core, RSS ${result.serverRssMiB.end} MiB (peak ${result.serverRssMiB.peak} MiB)`);
  await cleanup();
  if (cpuProfDir) log(`server CPU profile written to ${cpuProfDir}`);
  console.log(JSON.stringify(result));
  return result.checksumsEqual === `${followers.length + 1}/${followers.length + 1}` ? 0 : 1;
}

/** Mean time of each read a sitting command makes (store.ts, sessions.ts), in ms. */
async function timeCommandReads(models: Models, f: { chairId: string; councilId: string; sessionId: string; sittingId: string }, chairToken: string) {
  const deps = { models, config: loadConfig({ SEED_DEMO: 'false' }) } as unknown as Deps;
  const { Types } = await import('mongoose');
  const councilId = new Types.ObjectId(f.councilId);
  const reads: Record<string, () => Promise<unknown>> = {
    // Every command and every join: the sender's session, by token hash.
    sessionByToken: () => resolveLogin(deps, chairToken),
    // Every command and every join: the sender's memberships in the council.
    sendersMemberships: () => actorFor(deps, f.chairId, f.councilId),
    // The command context: every delegate of the council with their room.
    councilMemberships: () => models.Membership.find({ councilId, role: { $in: ['delegate', 'chair'] } }, { userId: 1, meetingPointId: 1, role: 1 }).lean(),
    agendaItems: () => models.AgendaItem.find({ sessionId: new Types.ObjectId(f.sessionId) }, { _id: 1 }).lean(),
    councilById: () => models.Council.findById(councilId).lean(),
    sittingById: () => models.Sitting.findById(f.sittingId).lean(),
  };
  const out: Record<string, number> = {};
  for (const [name, read] of Object.entries(reads)) {
    await read();
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await read();
    out[name] = r1((performance.now() - t0) / 10);
  }
  return out;
}

main().then(
  (code) => { clearTimeout(watchdog); process.exit(code); },
  async (err) => {
    console.error('bench:live failed:', err instanceof Error ? err.stack : err);
    if (server) console.error(`server output (tail):\n${server.output().slice(-4000)}`);
    await cleanup();
    process.exit(1);
  },
);

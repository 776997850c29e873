#!/usr/bin/env node
// `npm run bench:cluster` (node --import tsx bench/cluster.ts): the cluster mode (REDIS_URL) on
// three "hosts" (network namespaces, test/cluster/clusterRig.ts): three server processes, one
// FerretDB each over one PostgreSQL, one Redis. Needs root. Everything below in ONE run:
// 1. follow: BENCH_FOLLOWERS (3000) socket clients, spread evenly over the three processes,
//    follow one sitting (sitting:join, a SittingMirror each) while the chair (on process 0)
//    changes the current agenda item BENCH_CHANGES (100) times, one every BENCH_PACE_MS (200).
//    Delivery latency = the chair's emit → each follower receiving the delta of that version
//    (one clock: every client lives in this process). Baseline, same run, same hosts, same
//    Redis, same pacing and measurement: plain socket.io servers on the same Redis streams
//    adapter (bench/lib/clusterRawServer.ts); a "chair" asks process 0 to broadcast a payload
//    of the delta's size to a room the same number of clients joined.
// 2. votes: BENCH_VOTERS (500) delegates spread over the three processes, each joined to the
//    sitting, vote within BENCH_SPREAD_MS (1000), each at a random moment; the chair closes:
//    ack p50/p99/max and last ballot → `poll:tallied` on a delegate's screen (on process 1),
//    median over BENCH_ROUNDS (3) rounds after a warm-up round. Then the same on ONE server
//    process without REDIS_URL, on a FerretDB over the same PostgreSQL (same fixture).
// 3. media: bench/cascade.ts as a child process (its last line, JSON), run first, alone.
// 4. cpu model, cores, load average at start and end.
// The last line printed is one JSON object. Settings also: BENCH_WARMUP (5 changes),
// BENCH_TIMEOUT_MS (900000), BENCH_SKIP_MEDIA=1, BENCH_JOIN_CONCURRENCY (30 joins at once);
// bench/cascade.ts gets BENCH_CASCADE_ROUNDS=1 unless set.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { loadNow, machine, machineLine } from './lib/machine.mjs';
import { randomUUID } from 'node:crypto';
import { freePort, ROOT } from '../scripts/lib/util.mjs';
import type { Ack } from '../contract/errors.js';
import type { SittingDelta } from '../contract/sitting.js';
import { connectClient, followSitting, mapLimit, percentile, type Follower } from '../test/helpers/liveFixtures.js';
import { startServerProcess, uriWithDb, type ServerProcess } from '../test/helpers/serverProcess.js';
import type { ClientSocket } from '../test/helpers/sockets.js';
import { startClusterRig, type ClusterRig as Rig } from '../test/cluster/clusterRig.js';
import { buildLiveSitting, mintCookies, type LiveSitting } from '../test/helpers/liveFixtures.js';
import type { Models } from '../server/src/app/models.js';
import { startRawServers, type RawServer } from './lib/clusterRaw.js';
import { runBenchScript } from './lib/childJson.mjs';
import { sampleCpu, cpuBetween } from './lib/clusterCpu.js';
import { paced, pct, arrival, nsCpuSeconds, benchCpu, type Arrival } from './lib/clusterPaced.js';
import { cpuSeconds, median, r1, sleep } from './lib/procStats.js';
import { voteRound, type VoteRoundFigures } from './lib/voteRound.js';

const env = process.env;
const FOLLOWERS = Number(env.BENCH_FOLLOWERS || 3000);
const CHANGES = Number(env.BENCH_CHANGES || 100);
const PACE_MS = Number(env.BENCH_PACE_MS || 200);
const WARMUP = Number(env.BENCH_WARMUP ?? 5);
const VOTERS = Number(env.BENCH_VOTERS || 500);
const ROUNDS = Number(env.BENCH_ROUNDS || 3);
const SPREAD_MS = Number(env.BENCH_SPREAD_MS || 1000);
const JOIN_CONCURRENCY = Number(env.BENCH_JOIN_CONCURRENCY || 30);
const TIMEOUT_MS = Number(env.BENCH_TIMEOUT_MS || 900_000);
const SERVERS = 3;
const GOAL = { followP99Ms: 100, followRatio: 1.5, votesAckP99Ms: 100, lastBallotToTallyMs: 1000 };
const DELIVERY_WAIT_MS = 10_000;
const TIMING = { paceMs: PACE_MS, deliveryWaitMs: DELIVERY_WAIT_MS };

/** The live sitting and the cookies of its delegates, then its observers (same order), then the chair's last. */
type Fixture = LiveSitting & { cookies: string[] };
type ClusterRig = Rig<Fixture> & { cookies: string[] };
/**
 * A council of `delegates` present (the voters), and `observers` more members who follow the
 * public sitting (guests, the press, staff screens): 3,000 followers of a sitting are not
 * 3,000 delegates (the largest council, the National Assembly, has 500), and a delegate's
 * attendance is part of the sitting's document while an observer's is not.
 */
async function buildFixture(models: Models, delegates: number, observers: number): Promise<Fixture> {
  const live = await buildLiveSitting(models, { delegates, electedTotal: delegates, items: 5 });
  const attendance = live.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await models.Sitting.updateOne({ _id: live.sittingId }, { $set: { attendance } });
  const councilId = (await models.Sitting.findById(live.sittingId, { councilId: 1 }).lean())!.councilId;
  const observerIds: string[] = [];
  for (let i = 0; i < observers; i += 500) {
    const users = await models.User.insertMany(Array.from({ length: Math.min(500, observers - i) }, (_, j) => ({ login: `o${i + j}-${live.sittingId}@x.vn`, displayName: `Khách mời ${i + j + 1}` })));
    await models.Membership.insertMany(users.map((u) => ({ userId: u._id, councilId, role: 'observer' })));
    observerIds.push(...users.map((u) => String(u._id)));
  }
  const cookies = await mintCookies(models, [...live.delegateIds, ...observerIds, live.chairId], { concurrency: 4 });
  return { ...live, cookies };
}
const t00 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t00) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// ---- everything this run starts, stopped once by `cleanup` whatever happens
let rig: ClusterRig | null = null;
let raw: RawServer[] = [];
let single: ServerProcess | null = null;
let cascade: ChildProcess | null = null;
const sockets = new Set<ClientSocket>();
let cleaning: Promise<void> | null = null;
const cleanup = () => (cleaning ??= (async () => {
  for (const s of sockets) s.close();
  sockets.clear();
  if (cascade && cascade.exitCode === null) cascade.kill('SIGKILL');
  await Promise.all(raw.map((s) => s.kill().catch(() => undefined)));
  await single?.kill9().catch(() => undefined);
  await rig?.stop().catch((err) => console.error('cleanup: rig.stop failed:', err));
})());
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { console.error(`\n${sig}: cleaning up`); void cleanup().finally(() => process.exit(130)); });
const watchdog = setTimeout(() => {
  console.error(`bench:cluster did not finish in ${TIMEOUT_MS} ms; stopping`);
  void cleanup().finally(() => process.exit(1));
}, TIMEOUT_MS);
watchdog.unref();

type Emitter = { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };
const emitAck = <T>(s: ClientSocket, event: string, payload: unknown, timeoutMs = 10_000) => (s as unknown as Emitter).timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<T>>;
let notReadyRetries = 0;
/** Sends until answered with something other than `not_ready` (a sitting changing owner): same payload, same command id. */
async function call<T>(s: ClientSocket, event: string, payload: unknown, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const res = await emitAck<T>(s, event, payload);
    if (res.ok) return res.data;
    if (res.error !== 'not_ready' || Date.now() > end) throw new Error(`${event} refused: ${res.error} ${res.message}`);
    notReadyRetries++;
    await sleep(100);
  }
}

// ---- 1a. the product: followers of the sitting
async function followProduct(rig: ClusterRig, chair: ClientSocket) {
  const f = rig.f;
  const arrivals = new Map<number, Arrival>();
  let deltaBytes = 0;
  const onDelta = (d: SittingDelta) => {
    const t = performance.now();
    const a = arrivals.get(d.version);
    if (a) a.times[a.n++] = t;
  };
  let t = performance.now();
  const js0 = sampleCpu();
  const jb0 = benchCpu();
  let joined = 0;
  const progress = setInterval(() => log(`follow (product): ${joined}/${FOLLOWERS} joined`), 30_000);
  const cookies = rig.cookies.slice(0, FOLLOWERS);
  const followers: Follower[] = await mapLimit(cookies, JOIN_CONCURRENCY, async (cookie, i) => {
    const s = await connectClient(rig.url(i % SERVERS), cookie, { reconnection: true, reconnectionDelay: 500, reconnectionDelayMax: 2000 });
    sockets.add(s);
    const fl = followSitting(s, f.sittingId, { onDelta });
    await fl.ready;
    joined++;
    return fl;
  }).finally(() => clearInterval(progress));
  const joinCpu = { ...cpuBetween(js0, sampleCpu()), benchPercentOfOneCore: Math.round(((benchCpu() - jb0) / ((performance.now() - t) / 1000)) * 100) };
  const snapBytes = JSON.stringify(await emitAck(chair, 'sitting:join', { sittingId: f.sittingId })).length;
  const chairF = followSitting(chair, f.sittingId, { onDelta: (d) => { deltaBytes = JSON.stringify(d).length; } });
  await chairF.ready;
  const joinMs = Math.round(performance.now() - t);
  log(`follow (product): ${followers.length} followers connected and joined (${FOLLOWERS / SERVERS} per process) in ${joinMs} ms; a snapshot is ${snapBytes} bytes; CPU while joining ${JSON.stringify(joinCpu)}`);

  let version = chairF.mirror.version;
  let item = 0;
  const send = async () => {
    item = (item + 1) % f.itemIds.length;
    const expected = version + 1;
    arrivals.set(expected, arrival(FOLLOWERS));
    const payload = { sittingId: f.sittingId, commandId: randomUUID(), agendaItemId: f.itemIds[item]! };
    const t0 = performance.now();
    const res = await call<{ version: number }>(chair, 'agenda:setCurrent', payload);
    const ackMs = performance.now() - t0;
    if (res.version !== expected) throw new Error(`agenda:setCurrent: expected version ${expected}, got ${res.version}`);
    version = expected;
    return { key: expected, t0, ackMs };
  };
  t = performance.now();
  await paced(WARMUP, FOLLOWERS, send, arrivals, [], TIMING);
  arrivals.clear();
  const res = await paced(CHANGES, FOLLOWERS, send, arrivals, rig.hosts.hosts.map((h) => h.name), TIMING);
  await Promise.allSettled(followers.map((fl) => fl.waitForVersion(version, 5000)));
  const upToDate = followers.filter((fl) => fl.mirror.version === version).length;
  const reconnections = followers.reduce((n, fl) => n + fl.connects - 1, 0);
  const resyncs = followers.reduce((n, fl) => n + fl.mirror.resyncs, 0);
  const owner = await rig.owner();
  for (const fl of followers) { fl.stop(); fl.socket.close(); sockets.delete(fl.socket); }
  chairF.stop();
  log(`follow (product): ${CHANGES} changes × ${FOLLOWERS} = ${res.lat.length} deliveries (${res.missing} missing) in ${res.seconds.toFixed(1)} s; delivery ${JSON.stringify(pct(res.lat))} ms; chair ack ${JSON.stringify(pct(res.ackMs))} ms; `
    + `bench CPU ${res.benchCpuPct.toFixed(0)} %, hosts CPU ${res.hostCpuPct.map((x) => x.toFixed(0)).join('/')} % of a core; ${upToDate}/${followers.length} mirrors at version ${version}; reconnections ${reconnections}, resyncs ${resyncs}; first client p50 ${pct(res.first).p50} ms, first→last p50 ${pct(res.spread).p50} ms; sitting owner: process ${owner}; CPU ${JSON.stringify(res.cpu)}`);
  return { res, joinMs, joinCpu, snapBytes, deltaBytes, upToDate, reconnections, resyncs, owner };
}

// ---- 1b. the baseline: plain socket.io on the same adapter
async function followRaw(rig: ClusterRig, deltaBytes: number) {
  raw = await startRawServers(rig.hosts, rig.services.redisUrl, `bench:raw:${process.pid}`);
  const arrivals = new Map<number, Arrival>();
  const room = 'sitting';
  let t = performance.now();
  const clients = await mapLimit(Array.from({ length: FOLLOWERS }, (_, i) => i), 30, async (i) => {
    const s = await connectClient(raw[i % SERVERS]!.url, 'x=1', { reconnection: false });
    sockets.add(s);
    s.on('raw:changed' as never, ((p: { v: number }) => {
      const tt = performance.now();
      const a = arrivals.get(p.v);
      if (a) a.times[a.n++] = tt;
    }) as never);
    await emitAck(s, 'raw:join', room);
    return s;
  });
  const chair = await connectClient(raw[0]!.url, 'x=1', { reconnection: false });
  sockets.add(chair);
  const joinMs = Math.round(performance.now() - t);
  log(`follow (raw socket.io): ${clients.length} clients connected and joined in ${joinMs} ms; payload ${deltaBytes} bytes`);
  // The payload: as long as the product's delta, as JSON.
  const pad = 'x'.repeat(Math.max(0, deltaBytes - 20));
  let v = 0;
  const send = async () => {
    const key = ++v;
    arrivals.set(key, arrival(FOLLOWERS));
    const t0 = performance.now();
    const res = await emitAck(chair, 'raw:broadcast', { room, payload: { v: key, pad } });
    if (!res.ok) throw new Error('raw:broadcast refused');
    return { key, t0, ackMs: performance.now() - t0 };
  };
  t = performance.now();
  await paced(WARMUP, FOLLOWERS, send, arrivals, [], TIMING);
  arrivals.clear();
  const res = await paced(CHANGES, FOLLOWERS, send, arrivals, rig.hosts.hosts.map((h) => h.name), TIMING);
  for (const s of [...clients, chair]) { s.close(); sockets.delete(s); }
  const errors = raw.map((s) => s.output()).filter((o) => o.replace(/^ready\n/m, '').trim());
  await Promise.all(raw.map((s) => s.kill()));
  raw = [];
  log(`follow (raw socket.io): ${CHANGES} changes × ${FOLLOWERS} = ${res.lat.length} deliveries (${res.missing} missing) in ${res.seconds.toFixed(1)} s; delivery ${JSON.stringify(pct(res.lat))} ms; `
    + `bench CPU ${res.benchCpuPct.toFixed(0)} %, hosts CPU ${res.hostCpuPct.map((x) => x.toFixed(0)).join('/')} % of a core; first client p50 ${pct(res.first).p50} ms, first→last p50 ${pct(res.spread).p50} ms; CPU ${JSON.stringify(res.cpu)}`);
  for (const e of errors) log(`raw server output: ${e.slice(-1000)}`);
  return { res, joinMs };
}

// ---- 2. votes
async function votes(label: string, urls: string[], rig: ClusterRig, netns: string[]) {
  const f = rig.f;
  const voters = await mapLimit(rig.cookies.slice(0, VOTERS), 30, async (cookie, i) => {
    const s = await connectClient(urls[i % urls.length]!, cookie);
    sockets.add(s);
    await call(s, 'sitting:join', { sittingId: f.sittingId });
    return s;
  });
  const chair = await connectClient(urls[0]!, rig.cookies[rig.cookies.length - 1]!);
  sockets.add(chair);
  await call(chair, 'sitting:join', { sittingId: f.sittingId });
  // A delegate's screen on another process than the chair's (when there are several).
  const screen = voters[Math.min(1, voters.length - 1)]!;
  log(`votes (${label}): ${voters.length} delegates connected and joined over ${urls.length} process(es)`);
  const rounds: VoteRoundFigures[] = [];
  const retries0 = notReadyRetries;
  const c0 = netns.map(nsCpuSeconds);
  const s0 = sampleCpu();
  const w0 = performance.now();
  for (let r = 0; r <= ROUNDS; r++) {
    const warmup = r === 0;
    const round = await voteRound({ call, chair, voters, screen, sittingId: f.sittingId, title: `Nghị quyết ${label} ${r}`, spreadMs: SPREAD_MS });
    log(`votes (${label}) ${warmup ? 'warm-up' : `round ${r}/${ROUNDS}`}: ${voters.length} ballots in ${round.castSpanMs.toFixed(0)} ms; ack p50 ${round.ackP50.toFixed(1)}, p99 ${round.ackP99.toFixed(1)}, max ${round.ackMax.toFixed(1)} ms; last ballot → tally on screen ${round.tallyMs.toFixed(0)} ms`);
    if (!warmup) rounds.push(round);
  }
  const seconds = (performance.now() - w0) / 1000;
  const cpu = cpuBetween(s0, sampleCpu());
  log(`votes (${label}): CPU ${JSON.stringify(cpu)}`);
  const hostCpuPct = netns.map((n, i) => Math.round(((nsCpuSeconds(n) - c0[i]!) / seconds) * 100));
  for (const s of [...voters, chair]) { s.close(); sockets.delete(s); }
  return {
    processes: urls.length,
    voters: voters.length,
    ackMs: { p50: r1(median(rounds.map((x) => x.ackP50))), p99: r1(median(rounds.map((x) => x.ackP99))), max: r1(median(rounds.map((x) => x.ackMax))) },
    lastBallotToTallyMs: r1(median(rounds.map((x) => x.tallyMs))),
    castSpanMs: r1(median(rounds.map((x) => x.castSpanMs))),
    perRound: rounds.map((x) => ({ ackP99: r1(x.ackP99), ackMax: r1(x.ackMax), tallyMs: r1(x.tallyMs) })),
    notReadyRetries: notReadyRetries - retries0,
    hostCpuPercentOfOneCore: hostCpuPct,
    cpu,
  };
}

// ---- 3. media: bench/cascade.ts, alone
function runCascade(): Promise<unknown> {
  // One round of the CPU comparison (not two) unless asked: the whole run stays near 6 minutes.
  const env: NodeJS.ProcessEnv = { BENCH_CASCADE_ROUNDS: '1', ...process.env };
  delete env.NODE_OPTIONS;
  return runBenchScript('bench/cascade.ts', ROOT, {
    nodeArgs: ['--import', 'tsx'], env, stderrTail: true,
    echo: (l) => { if (!l.startsWith('{')) log(`  cascade: ${l}`); },
    started: (child) => { cascade = child; },
  });
}

/** What a server wrote (LOG_LEVEL=warn: anything at all is worth a look). */
function serverNotes(name: string, out: string): { server: string; lines: number; errors: number; sample: string[] } {
  const lines = out.split('\n').filter((l) => l.trim());
  const errors = lines.filter((l) => /error|ERR|"level":(50|60)/.test(l));
  return { server: name, lines: lines.length, errors: errors.length, sample: (errors.length ? errors : lines).slice(-5).map((l) => l.slice(0, 400)) };
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('bench:cluster needs root (network namespaces)');
  delete process.env.REDIS_URL; // the single process must not join a cluster
  const load0 = loadNow();
  log(`${machineLine()}; followers ${FOLLOWERS}, changes ${CHANGES} every ${PACE_MS} ms, voters ${VOTERS}, rounds ${ROUNDS}`);

  // 3. media first, alone on the machine
  let media: unknown = null;
  if (!env.BENCH_SKIP_MEDIA) {
    const t = performance.now();
    media = await runCascade();
    cascade = null;
    log(`media: bench/cascade.ts done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }

  // the cluster, its fixture: VOTERS delegates present and observers up to FOLLOWERS, 5 agenda items, a chair
  let t = performance.now();
  const delegates = VOTERS;
  const observers = Math.max(0, FOLLOWERS - VOTERS);
  const started = await startClusterRig<Fixture>({ servers: SERVERS, delegates, build: (m) => buildFixture(m, delegates, observers), sittingOf: (f) => f.sittingId });
  rig = Object.assign(started, { cookies: started.f.cookies });
  const r = rig;
  const serverRefs = r.servers.slice() as ServerProcess[];
  const netns = r.hosts.hosts.map((h) => h.name);
  log(`cluster: ${SERVERS} server processes on ${SERVERS} hosts (${r.hosts.hosts.map((h) => h.ip).join(', ')}), PostgreSQL + Redis on ${r.hosts.bridgeIp}; ${delegates} delegates present, ${observers} observers + chair, ${r.f.itemIds.length} items (${((performance.now() - t) / 1000).toFixed(0)} s)`);

  // 1. follow: the product, then the baseline
  const chair = await connectClient(r.url(0), r.cookies[r.cookies.length - 1]!);
  sockets.add(chair);
  const product = await followProduct(r, chair);
  chair.close();
  sockets.delete(chair);
  const baseline = await followRaw(r, product.deltaBytes);

  // 2. votes: the cluster, then one process without Redis
  const votesCluster = await votes('cluster', [0, 1, 2].map((i) => r.url(i)), r, netns);
  const notes = serverRefs.map((s, i) => serverNotes(`cluster ${i}`, s.output()));
  for (let i = 0; i < SERVERS; i++) await r.kill(i);
  t = performance.now();
  const h0 = r.hosts.hosts[0]!;
  const ferret = await r.services.startFerret({ host: h0.ip, netns: h0.name });
  single = await startServerProcess({
    mongoUri: uriWithDb(ferret.url, 'hdnd'), port: await freePort(), netns: h0.name, host: h0.ip, nofile: delegates + 1024,
    env: { RTC_PORT: String(await freePort()), RTC_LISTEN_IP: h0.ip },
  });
  log(`single process (no REDIS_URL) on host 0, its own FerretDB over the same PostgreSQL, ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const votesSingle = await votes('single', [single.url], r, [h0.name]);
  notes.push(serverNotes('single', single.output()));
  for (const n of notes) if (n.lines) log(`server output, ${n.server}: ${n.lines} lines, ${n.errors} with errors; last: ${n.sample.join(' ⏎ ')}`);

  const ratio = percentile(product.res.lat, 99) / percentile(baseline.res.lat, 99);
  const ratioP50 = percentile(product.res.lat, 50) / percentile(baseline.res.lat, 50);
  const followP99 = percentile(product.res.lat, 99);
  const result = {
    bench: 'cluster',
    machine: machine(load0),
    follow: {
      followers: FOLLOWERS,
      processes: SERVERS,
      changes: CHANGES,
      paceMs: PACE_MS,
      deltaBytes: product.deltaBytes,
      product: {
        deliveries: product.res.lat.length, missing: product.res.missing, deliveryMs: pct(product.res.lat), chairAckMs: pct(product.res.ackMs),
        firstClientMs: pct(product.res.first), firstToLastClientMs: pct(product.res.spread), owner: product.owner,
        seconds: r1(product.res.seconds), meanIntervalMs: Math.round((product.res.seconds * 1000) / CHANGES), benchCpuPercentOfOneCore: Math.round(product.res.benchCpuPct), hostCpuPercentOfOneCore: product.res.hostCpuPct.map(Math.round),
        joinAllMs: product.joinMs, joinCpu: product.joinCpu, snapshotBytes: product.snapBytes, cpu: product.res.cpu, mirrorsUpToDate: `${product.upToDate}/${FOLLOWERS}`, reconnections: product.reconnections, resyncs: product.resyncs,
      },
      raw: {
        deliveries: baseline.res.lat.length, missing: baseline.res.missing, deliveryMs: pct(baseline.res.lat), broadcastAckMs: pct(baseline.res.ackMs),
        firstClientMs: pct(baseline.res.first), firstToLastClientMs: pct(baseline.res.spread),
        seconds: r1(baseline.res.seconds), meanIntervalMs: Math.round((baseline.res.seconds * 1000) / CHANGES), benchCpuPercentOfOneCore: Math.round(baseline.res.benchCpuPct), hostCpuPercentOfOneCore: baseline.res.hostCpuPct.map(Math.round), cpu: baseline.res.cpu, joinAllMs: baseline.joinMs,
      },
      ratioP99ProductToRaw: +ratio.toFixed(2),
      ratioP50ProductToRaw: +ratioP50.toFixed(2),
      goals: { p99Ms: GOAL.followP99Ms, ratio: GOAL.followRatio },
      goalMet: followP99 < GOAL.followP99Ms && ratio <= GOAL.followRatio && product.res.missing === 0,
    },
    votes: {
      cluster: votesCluster,
      single: { ...votesSingle, database: 'FerretDB 1.24 over the same PostgreSQL, no REDIS_URL, same fixture' },
      rounds: ROUNDS,
      spreadMs: SPREAD_MS,
      councilSize: delegates,
      goals: { clusterAckP99Ms: GOAL.votesAckP99Ms, lastBallotToTallyMs: GOAL.lastBallotToTallyMs },
      goalMet: votesCluster.ackMs.p99 < GOAL.votesAckP99Ms && votesCluster.lastBallotToTallyMs < GOAL.lastBallotToTallyMs,
    },
    media,
    serverOutput: notes,
    seconds: Math.round((performance.now() - t00) / 1000),
  };
  log(`follow: product p99 ${result.follow.product.deliveryMs.p99} ms vs raw ${result.follow.raw.deliveryMs.p99} ms (ratio ${result.follow.ratioP99ProductToRaw}, goal ≤ ${GOAL.followRatio}; p99 goal < ${GOAL.followP99Ms} ms): ${result.follow.goalMet ? 'met' : 'MISSED'}`);
  log(`votes: cluster ack p99 ${votesCluster.ackMs.p99} ms, tally ${votesCluster.lastBallotToTallyMs} ms | single ack p99 ${votesSingle.ackMs.p99} ms, tally ${votesSingle.lastBallotToTallyMs} ms (goals < ${GOAL.votesAckP99Ms} ms, < ${GOAL.lastBallotToTallyMs} ms): ${result.votes.goalMet ? 'met' : 'MISSED'}`);
  await cleanup();
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => { clearTimeout(watchdog); process.exit(code); },
  async (err) => {
    console.error('bench:cluster failed:', err instanceof Error ? err.stack : err);
    for (const [i, s] of (rig?.servers ?? []).entries()) if (s) console.error(`server ${i} output (tail):\n${s.output().slice(-3000)}`);
    if (single) console.error(`single server output (tail):\n${single.output().slice(-3000)}`);
    await cleanup();
    process.exit(1);
  },
);

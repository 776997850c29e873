// bench:public: BENCH_VIEWERS simulated HLS viewers in a process of their own (so the server's
// CPU is the server's). Each viewer keeps one keep-alive connection, joins at a random moment
// of the ramp, takes the last 3 segments of the live list, then fetches the playlist
// once per target duration and every segment it has not had yet, once (what hls.js does on a
// live list). Playback model: playing from the moment it holds 3 segments; the buffer runs out
// at playStart + held × duration; a segment arriving later is a stall of (arrival − that
// moment), and playback resumes from there. Prints one JSON line: segments, bytes, errors by
// kind, the time to the last byte of each segment, the start-up time (joining → 3 segments
// held, reported apart: it is not a stall) and stalls per viewer during playback; a viewer
// that never started playing counts as stalled for all of its time.
// Viewers arrive spread over the first BENCH_RAMP_SECONDS (5), not all in one second; a GET
// on a reused keep-alive connection that the server had just closed is retried once, as
// browsers do. Rates are also given for the steady part (after the ramp and the first fill).
// Usage: node --import tsx bench/public/viewers.ts <baseUrl ending in '/'> <viewers> <seconds>
import { Agent, request } from 'node:http';

const [base = '', viewersArg = '2000', secondsArg = '30'] = process.argv.slice(2);
const VIEWERS = Number(viewersArg);
const SECONDS = Number(secondsArg);
const RAMP_S = Number(process.env.BENCH_RAMP_SECONDS ?? 5);
const url = new URL(base);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each viewer has its own keep-alive connection (its own agent, one socket), as a browser tab has. */
function get(agent: Agent, path: string, retry = true): Promise<{ status: number; body: Buffer }> {
  return new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && e.code === 'ECONNRESET') { resets++; resolve(get(agent, path, false)); } else reject(e);
    }).end();
  });
}

let segments = 0, bytes = 0, playlists = 0, resets = 0, steadySegments = 0, steadyBytes = 0;
const errors: Record<string, number> = {};
const err = (kind: string) => { errors[kind] = (errors[kind] ?? 0) + 1; };
const segMs: number[] = [];
const worst: number[] = [];
const stallCount: number[] = [];
const startup: number[] = [];
let neverStarted = 0;
let target = 1;
const t0 = performance.now();
const end = t0 + SECONDS * 1000;
// The steady part starts once every viewer is in and filled (or at the start of a run too short for it).
const steadyFrom = SECONDS > RAMP_S + 6 ? t0 + (RAMP_S + 3) * 1000 : t0;

async function viewer(i: number): Promise<void> {
  await sleep(Math.random() * Math.max(target, RAMP_S) * 1000);
  const joined = performance.now();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const seen = new Set<string>();
  let playStart = 0, held = 0, w = 0, stalls = 0;
  while (performance.now() < end) {
    const tick = performance.now();
    try {
      const pl = await get(agent, 'index.m3u8');
      playlists++;
      if (pl.status !== 200) { err(`playlist ${pl.status}`); await sleep(target * 1000); continue; }
      const text = pl.body.toString();
      target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? target);
      const lines = text.split('\n');
      const segs: Array<{ file: string; dur: number }> = [];
      lines.forEach((l, j) => { if (l.endsWith('.ts')) segs.push({ file: l, dur: Number(/#EXTINF:([\d.]+)/.exec(lines[j - 1] ?? '')?.[1] ?? 1) }); });
      const fresh = seen.size === 0 ? segs.slice(-3) : segs.filter((s) => !seen.has(s.file));
      for (const s of fresh) {
        seen.add(s.file);
        const a = performance.now();
        let r;
        try { r = await get(agent, s.file); } catch (e) { err(`segment ${(e as Error).message}`); continue; }
        const now = performance.now();
        if (r.status !== 200) { err(`segment ${r.status}`); continue; }
        segments++; bytes += r.body.length; segMs.push(now - a);
        if (a >= steadyFrom) { steadySegments++; steadyBytes += r.body.length; }
        if (playStart === 0) {
          held += s.dur;
          if (held >= 3 - 1e-6) { playStart = now; startup.push(now - joined); }
          continue;
        }
        const due = playStart + held * 1000;
        if (now > due) { w = Math.max(w, (now - due) / 1000); stalls++; playStart += now - due; }
        held += s.dur;
      }
    } catch (e) { err(`playlist ${(e as Error).message}`); }
    await sleep(Math.max(0, target * 1000 - (performance.now() - tick)));
  }
  // Never started playing: stalled from joining to the end (it saw nothing).
  if (playStart === 0) { neverStarted++; w = (performance.now() - joined) / 1000; }
  worst[i] = w; stallCount[i] = stalls;
  agent.destroy();
}

await Promise.all(Array.from({ length: VIEWERS }, (_, i) => viewer(i)));
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage();
segMs.sort((a, b) => a - b);
const pct = (q: number) => segMs.length ? +segMs[Math.min(segMs.length - 1, Math.floor(q * segMs.length))]!.toFixed(1) : null;
const sortedWorst = [...worst].sort((a, b) => a - b);
console.log(JSON.stringify({
  viewers: VIEWERS, seconds: +wall.toFixed(1), segments, playlists, bytes, errors,
  segmentsPerS: +(segments / wall).toFixed(1), gbitPerS: +((bytes * 8) / wall / 1e9).toFixed(3),
  steady: { fromS: +((steadyFrom - t0) / 1000).toFixed(1), segmentsPerS: +(steadySegments / ((end - steadyFrom) / 1000)).toFixed(1), gbitPerS: +((steadyBytes * 8) / ((end - steadyFrom) / 1000) / 1e9).toFixed(3), expectedSegmentsPerS: VIEWERS / target },
  keepAliveResetsRetried: resets,
  segmentMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
  viewersStalledAny: worst.filter((x) => x > 0).length, viewersStalledOver1Seg: worst.filter((x) => x > target).length,
  worstStallS: { p99: +(sortedWorst[Math.floor(0.99 * (sortedWorst.length - 1))] ?? 0).toFixed(2), max: +(sortedWorst.at(-1) ?? 0).toFixed(2) },
  stallEvents: stallCount.reduce((a, b) => a + b, 0), viewersNeverStarted: neverStarted,
  viewersStartupOver4s: startup.filter((x) => x > 4000).length,
  startupMs: (() => { const x = [...startup].sort((a, b) => a - b); const q = (p: number) => x.length ? Math.round(x[Math.min(x.length - 1, Math.floor(p * x.length))]!) : null; return { p50: q(0.5), p99: q(0.99), max: q(1) }; })(),
  viewerProcessCpuPctOfOneCore: Math.round(((cpu.user + cpu.system) / 1e6 / wall) * 100),
}));
process.exit(0);

// bench:public, part 3: open-loop load on the portal's pages and API, in a process of its own.
// Request i is due at t0 + i / RPS whatever the earlier ones are doing (open loop: a slow
// server faces a queue, as with real visitors); latency counts from the due time, so waiting
// for a free moment is included (no coordinated omission). Each request picks a path at
// random (weighted); every second request carries If-None-Match with the last ETag this
// process saw for that path (a browser revalidating), the others none (a first visit). One
// unmeasured pass first learns each path's ETag. Prints one JSON line.
// Usage: node --import tsx bench/public/portalLoad.ts <origin> <rps> <seconds>, with the
// targets as JSON [{ path, weight }] in BENCH_PORTAL_TARGETS.
import { Agent, request } from 'node:http';

const [origin = '', rpsArg = '200', secondsArg = '20'] = process.argv.slice(2);
const RPS = Number(rpsArg);
const SECONDS = Number(secondsArg);
const targets = JSON.parse(process.env.BENCH_PORTAL_TARGETS ?? '[]') as Array<{ path: string; weight: number }>;
const url = new URL(origin);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const etags = new Map<string, string>();
let resets = 0;
const errorKinds: Record<string, number> = {};

function get(path: string, ifNoneMatch?: string, retry = true): Promise<{ status: number; bytes: number; etag?: string }> {
  return new Promise<{ status: number; bytes: number; etag?: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent, headers: { 'accept-encoding': 'identity', ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, etag: res.headers.etag }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    // A keep-alive connection the server closed just as it was reused: retried once, as browsers do.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && e.code === 'ECONNRESET') { resets++; resolve(get(path, ifNoneMatch, false)); } else reject(e);
    }).end();
  });
}

for (const t of targets) {
  const r = await get(t.path);
  if (r.status !== 200) throw new Error(`${t.path}: ${r.status} in the warm-up pass`);
  if (r.etag) etags.set(t.path, r.etag);
}

const total = targets.reduce((a, t) => a + t.weight, 0);
const pick = () => { let x = Math.random() * total; for (const t of targets) { x -= t.weight; if (x < 0) return t; } return targets.at(-1)!; };
const lat: number[] = [];
const per = new Map<string, { n: number; lat: number[]; s304: number; conditional: number }>();
const status: Record<string, number> = {};
let errors = 0, conditional = 0, notModified = 0, bytes = 0, maxInFlight = 0, inFlight = 0;
const N = Math.round(RPS * SECONDS);
const t0 = performance.now() + 100;
const pending: Promise<void>[] = [];
for (let i = 0; i < N; i++) {
  const due = t0 + (i * 1000) / RPS;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const t = pick();
  const tag = i % 2 === 1 ? etags.get(t.path) : undefined;
  inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
  pending.push(get(t.path, tag).then((r) => {
    const ms = performance.now() - due;
    lat.push(ms);
    const p = per.get(t.path) ?? { n: 0, lat: [], s304: 0, conditional: 0 };
    per.set(t.path, p);
    p.n++; p.lat.push(ms);
    status[r.status] = (status[r.status] ?? 0) + 1;
    bytes += r.bytes;
    if (tag) { conditional++; p.conditional++; }
    if (r.status === 304) { notModified++; p.s304++; }
    if (r.etag) etags.set(t.path, r.etag);
    if (r.status !== 200 && r.status !== 304) errors++;
  }, (e: Error) => { errors++; errorKinds[e.message] = (errorKinds[e.message] ?? 0) + 1; }).finally(() => { inFlight--; }));
}
await Promise.all(pending);
const wall = (performance.now() - t0) / 1000;
const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? +s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!.toFixed(1) : null; };
console.log(JSON.stringify({
  rpsTarget: RPS, requests: N, achievedRps: +(lat.length / wall).toFixed(1), seconds: +wall.toFixed(1),
  latencyMs: { p50: q(lat, 0.5), p95: q(lat, 0.95), p99: q(lat, 0.99), max: q(lat, 1) },
  status, errors, errorKinds, keepAliveResetsRetried: resets, conditionalRequests: conditional, notModified,
  share304OfConditional: conditional ? +(notModified / conditional).toFixed(3) : null, share304OfAll: +(notModified / Math.max(1, lat.length)).toFixed(3),
  maxInFlight, mbytes: +(bytes / 1e6).toFixed(2),
  perPath: Object.fromEntries([...per].map(([path, p]) => [path, { n: p.n, p99: q(p.lat, 0.99), share304OfConditional: p.conditional ? +(p.s304 / p.conditional).toFixed(2) : null, etag: etags.has(path) }])),
}));
process.exit(0);

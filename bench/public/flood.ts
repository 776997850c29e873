// bench:public: the serving capacity, as opposed to the live demand. C connections (a child
// process of their own) each fetch the newest listed segment back to back for S seconds
// (the playlist re-read every 500 ms, as the list moves), so the server serves as fast as it
// can. Run against the static server and the product's route alike; the ratio of the two is
// what each can serve at most here (on 2 shared cores the client's own CPU bounds both).
// Usage: node --import tsx bench/public/flood.ts <baseUrl ending in '/'> <connections> <seconds>
import { Agent, request } from 'node:http';

const [base = '', connArg = '64', secondsArg = '10'] = process.argv.slice(2);
const url = new URL(base);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const get = (path: string) => new Promise<{ status: number; bytes: number; body: string }>((resolve, reject) => {
  request({ host: url.hostname, port: url.port, path: url.pathname + path, agent }, (res) => {
    let bytes = 0; const keep = path.endsWith('.m3u8'); let body = '';
    res.on('data', (c: Buffer) => { bytes += c.length; if (keep) body += c.toString(); });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body }));
    res.on('error', reject);
  }).on('error', reject).end();
});
let newest = '';
const refresh = async () => { const pl = await get('index.m3u8'); newest = pl.body.split('\n').filter((l) => l.endsWith('.ts')).at(-2) ?? newest; };
await refresh();
const timer = setInterval(() => void refresh().catch(() => {}), 500);
let segments = 0, bytes = 0, errors = 0;
const t0 = performance.now(); const end = t0 + Number(secondsArg) * 1000;
await Promise.all(Array.from({ length: Number(connArg) }, async () => {
  while (performance.now() < end) {
    try { const r = await get(newest); if (r.status === 200) { segments++; bytes += r.bytes; } else errors++; } catch { errors++; }
  }
}));
clearInterval(timer);
const wall = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ connections: Number(connArg), seconds: +wall.toFixed(1), segments, errors, segmentsPerS: Math.round(segments / wall), gbitPerS: +((bytes * 8) / wall / 1e9).toFixed(2) }));
process.exit(0);

// Does the emulated link hold for every kind of requester? A tiny page of our own (own
// loopback server, no CSP) fetches a few MB three ways: from the page, from a dedicated
// worker (as pdf.js's worker could), and from a service worker's own fetch() (as the app's
// sw.js does for the dossier file). Answers the throughput of each in Mbit/s; on loopback,
// anything not throttled runs at hundreds of Mbit/s.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const PAGE = '<!doctype html><meta charset="utf-8"><title>link probe</title><p>link probe</p>';
const WORKER = `onmessage = async (e) => {
  const t0 = performance.now();
  const res = await fetch(e.data, { cache: 'no-store' });
  const n = (await res.arrayBuffer()).byteLength;
  postMessage({ n, ms: performance.now() - t0 });
};`;
const SW = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (url.pathname.startsWith('/via-sw/')) e.respondWith(fetch(url.pathname.replace('/via-sw/', '/blob/') + url.search, { cache: 'no-store' }));
});`;

/** Starts the probe's server; answers { base, close }. */
function serve(bytes) {
  const blob = randomBytes(bytes);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const send = (type, body) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }); res.end(body); };
    if (path === '/') send('text/html; charset=utf-8', PAGE);
    else if (path === '/worker.js') send('text/javascript', WORKER);
    else if (path === '/sw.js') send('text/javascript', SW);
    else if (path.startsWith('/blob/')) send('application/octet-stream', blob);
    else { res.writeHead(404); res.end(); }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

const mbps = ({ n, ms }) => +((n * 8) / 1e3 / ms).toFixed(1);

/**
 * Measures the three requesters in a new context of `browser`; `throttle()` is called once
 * the page exists and before it navigates (it must throttle every target there is).
 */
export async function probeLink(browser, throttle, bytes = 3_000_000) {
  const { base, close } = await serve(bytes);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await throttle();
    await page.goto(`${base}/`);
    await page.evaluate(`navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)`);
    await page.reload();
    for (let i = 0; i < 100 && !(await page.evaluate('Boolean(navigator.serviceWorker.controller)')); i++) await new Promise((r) => setTimeout(r, 50));
    await throttle(); // the service worker is a target of its own now
    const fromPage = await page.evaluate(`(async () => { const t0 = performance.now(); const r = await fetch('/blob/page?' + Math.random(), { cache: 'no-store' }); const n = (await r.arrayBuffer()).byteLength; return { n, ms: performance.now() - t0 }; })()`);
    const fromWorker = await page.evaluate(`new Promise((resolve) => { const w = new Worker('/worker.js'); w.onmessage = (e) => { resolve(e.data); w.terminate(); }; w.postMessage('/blob/worker?' + Math.random()); })`);
    const viaSw = await page.evaluate(`(async () => { const t0 = performance.now(); const r = await fetch('/via-sw/sw?' + Math.random(), { cache: 'no-store' }); const n = (await r.arrayBuffer()).byteLength; return { n, ms: performance.now() - t0, sw: Boolean(navigator.serviceWorker.controller) }; })()`);
    if (!viaSw.sw) throw new Error('link probe: the service worker never took control of the probe page');
    return { pageMbps: mbps(fromPage), dedicatedWorkerMbps: mbps(fromWorker), serviceWorkerMbps: mbps(viaSw), probeMB: +(bytes / 1e6).toFixed(1) };
  } finally {
    await context.close();
    close();
  }
}

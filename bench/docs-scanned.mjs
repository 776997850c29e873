#!/usr/bin/env node
// `npm run bench:docs` (scanned-dossier part; alone: `BENCH_ONLY=scanned npm run bench:docs` or
// `node bench/docs-scanned.mjs`): a realistic dossier — a ~150 MB, 400-page PDF of scanned
// pages, one JPEG per page, not linearised (bench/lib/scannedDossier.mjs; generated once and
// cached) — uploaded through the real API, served by the real server, and opened by a
// delegate in Debian's Chromium over an emulated commune link (20 Mbit/s down, 20 up, 60 ms
// RTT; DevTools network emulation on the page AND on every worker and service worker, see
// bench/lib/cdpLink.mjs). Figures, all from what the reader sees (the page canvas drawn):
//   first page: navigation to /tai-lieu/:session/:document → page 1 drawn, cold (a new
//     browser context: no HTTP cache, no service worker, no offline copy); goal < 2 s;
//   page turns while the dossier downloads for offline reading: every ~1 s the reader types a
//     page spread through the document (…, 201, 358, 115, …) into the page field; ms from
//     the turn to that page drawn; p50/p95, goal p95 < 300 ms;
//   full download: navigation → the offline copy is in Cache Storage (what the service
//     worker serves offline); it cannot beat bytes × 8 / 20 Mbit/s ≈ 60 s on this link;
//   from the dossier page (the real path: the session's dossier page starts the offline
//     download of every document, then the reader clicks "Đọc"): click → page 1 drawn.
// Before the runs, a probe checks the link holds for the page, a dedicated worker and a
// service worker's own fetch (bench/lib/linkProbe.mjs).
// The LAST LINE is one JSON object. Loopback only; a throwaway FerretDB, build and profile.
//   BENCH_LINK_DOWN_MBPS (20) BENCH_LINK_UP_MBPS (20) BENCH_LINK_RTT_MS (60)
//   BENCH_SCANNED_FIRST_RUNS (5: cold first-page runs in all, the first one with the page
//     turns and the download; the others are skipped when the first page took > 15 s, since
//     each would cost a whole download) BENCH_SCANNED_MIN_TURNS (15) BENCH_SCANNED_MAX_TURNS (150)
//   BENCH_SCANNED_DOSSIER_PATH (auto: run when the first page took ≤ 15 s; 1 always; 0 never)
//   BENCH_SCANNED_THROTTLE ('all' | 'page': only the page throttled, to see what escapes)
//   BENCH_SCANNED_BASELINE (1: one more cold run, its page turns with the server's record of
//     each page's bytes withheld — pdf.js then asks level by level — as the baseline; ~2.5 min more)
//   BENCH_SCANNED_TIMEOUT_S (600) BENCH_CLIENT_DIST (an existing build: skip the build)
//   BENCH_SERVER_ROOT (run the server of another tree, e.g. `git archive HEAD` unpacked)
//   CHROMIUM_PATH (/usr/bin/chromium) BENCH_VERBOSE
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup } from '../scripts/setup.mjs';
import { freePort } from '../scripts/lib/util.mjs';
import { clientDist, DEMO, signIn, startServer, uploadPdf } from './lib/benchServer.mjs';
import { linkSummary, openLink, THROTTLED_TYPES } from './lib/cdpLink.mjs';
import { probeLink } from './lib/linkProbe.mjs';
import { machine } from './lib/machine.mjs';
import { ensureScannedDossier } from './lib/scannedDossier.mjs';
import { viewerProbe } from './lib/viewerProbe.mjs';

const LINK = { downMbps: Number(process.env.BENCH_LINK_DOWN_MBPS || 20), upMbps: Number(process.env.BENCH_LINK_UP_MBPS || 20), rttMs: Number(process.env.BENCH_LINK_RTT_MS || 60) };
const FIRST_RUNS = Math.max(1, Number(process.env.BENCH_SCANNED_FIRST_RUNS || 5));
const MIN_TURNS = Number(process.env.BENCH_SCANNED_MIN_TURNS || 15);
const MAX_TURNS = Number(process.env.BENCH_SCANNED_MAX_TURNS || 150);
const THROTTLE = process.env.BENCH_SCANNED_THROTTLE === 'page' ? ['page'] : THROTTLED_TYPES;
const BASELINE = process.env.BENCH_SCANNED_BASELINE === '1';
const TIMEOUT_S = Number(process.env.BENCH_SCANNED_TIMEOUT_S || 600);
const SLOW_FIRST_MS = 15_000;
const TURN_EVERY_MS = 1000;
const TURN_TIMEOUT_MS = 30_000;
const GOALS = { firstPageMs: 2000, turnP95Ms: 300 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const log = (...args) => console.log(...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** Nearest-rank percentile. */
const pct = (xs, p) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]; };
const round = (x) => (x === null || x === undefined ? null : Math.round(x));

const children = [];
const temp = mkdtempSync(join(tmpdir(), 'hdnd-bench-scanned-'));
let browser = null;
let link = null;
let server = null;
const cleanup = async () => {
  link?.close();
  await browser?.close().catch(() => {});
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(temp, { recursive: true, force: true });
};
let phase = 'starting';
const deadline = setTimeout(() => {
  console.error(`docs-scanned: no result after ${TIMEOUT_S} s (BENCH_SCANNED_TIMEOUT_S) while ${phase}; stopping`);
  void cleanup().then(() => process.exit(1));
}, TIMEOUT_S * 1000);
process.once('SIGINT', () => { void cleanup().then(() => process.exit(130)); });

/** Polls `expression` in the page until it answers non-null; throws `what` after `timeoutMs`. */
async function until(page, expression, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await page.evaluate(expression).catch(() => null);
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(100);
  }
}

/** Pages spread through the document, in an order a reader jumping around might take. */
function turnPages(count, pages) {
  const out = [];
  for (let k = 0; out.length < count; k++) {
    const p = 1 + ((k * 157 + 200) % pages);
    if (p !== 1) out.push(p);
  }
  return out;
}

try {
  await setup({ client: false });
  const dossier = await ensureScannedDossier(log);
  const mb = dossier.bytes / 1024 ** 2;
  const minDownloadS = (dossier.bytes * 8) / (LINK.downMbps * 1e6);
  log(`scanned dossier: ${mb.toFixed(1)} MiB, ${dossier.pages} pages${dossier.generatedSeconds === null ? ' (cached)' : ` (generated in ${dossier.generatedSeconds} s)`}`);

  phase = 'building the client and starting the server';
  const dist = await clientDist(join(temp, 'client'), log);
  server = await startServer({ temp, dist, children, maxDocumentBytes: dossier.bytes + 1024 ** 2 });
  const { base } = server;
  phase = 'uploading the dossier';
  const { sessionId, doc, seconds: uploadS } = await uploadPdf(base, dossier.path, { title: 'Hồ sơ kỳ họp — bản quét (400 trang)', fileName: 'ho-so-ban-quet-400-trang.pdf' });
  if (doc.pages !== dossier.pages || doc.sha256 !== dossier.sha256) throw new Error('the server recorded other facts than the file has');
  log(`uploaded through the real API in ${uploadS.toFixed(1)} s`);
  const reader = await signIn(base, DEMO.delegate);
  const url = `${base}/tai-lieu/${sessionId}/${doc.id}`;

  const { chromium } = await import('playwright-core');
  const cdpPort = await freePort();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, `--remote-debugging-port=${cdpPort}`] });
  link = await openLink({ cdpPort, conditions: LINK, types: THROTTLE, watch: new RegExp(`/api/documents/${doc.id}/file`) });
  log(`link: ${LINK.downMbps} Mbit/s down, ${LINK.upMbps} up, ${LINK.rttMs} ms RTT on ${THROTTLE.join(', ')} targets (DevTools network emulation); the download alone ≥ ${minDownloadS.toFixed(0)} s`);
  phase = 'probing the link';
  const probe = await probeLink(browser, () => link.throttleAll());
  const probeEscaped = Object.entries(probe).filter(([k, v]) => k.endsWith('Mbps') && v > LINK.downMbps * 1.25).map(([k]) => k);
  log(`link probe (${probe.probeMB} MB each, no-store): page ${probe.pageMbps} Mbit/s, dedicated worker ${probe.dedicatedWorkerMbps}, service worker's own fetch ${probe.serviceWorkerMbps}${probeEscaped.length ? ` — WARNING: not throttled: ${probeEscaped.join(', ')}` : ''}`);

  /** A cold reader: a new context (empty cache, no service worker), throttled, on the viewer's URL. */
  async function coldOpen({ withoutPageReads = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: 'hdnd_session', value: reader, url: base }]);
    // The baseline: the server's record of each page's bytes withheld, so pdf.js asks level by level.
    if (withoutPageReads) await context.route(/\/api\/documents\/[0-9a-f]{24}\/pages$/, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: null }) }));
    await context.addInitScript(viewerProbe, doc.fileUrl);
    const page = await context.newPage();
    await link.throttleAll();
    await page.goto(url, { waitUntil: 'commit' });
    return { context, page };
  }
  const firstPageMs = (page) => until(page, '__bench.firstDraw(1)', Math.max(240_000, minDownloadS * 3000), 'the first page to be drawn');

  /**
   * Page turns every ~1 s on an open reader while the dossier downloads, until the offline
   * copy is stored (and at least MIN_TURNS turns); answers the turns, when it was stored, and
   * the file's requests meanwhile.
   */
  async function turnsWhileDownloading(run, label) {
    const turns = [];
    const downloadLimitMs = Math.max(300_000, minDownloadS * 4000);
    const pages = turnPages(MAX_TURNS, dossier.pages);
    let stored = null;
    for (const n of pages) {
      stored ??= await run.page.evaluate('__bench.stored');
      if ((stored !== null && turns.length >= MIN_TURNS) || turns.length >= MAX_TURNS) break;
      const r = await run.page.evaluate(`__bench.turn(${n}, ${TURN_TIMEOUT_MS})`);
      if (r.error === 'no page field') throw new Error('the viewer has no page field ([data-testid="page-input"]) to turn pages with');
      const during = stored === null;
      turns.push({ page: n, ms: r.ms, at: r.at, during });
      if (process.env.BENCH_VERBOSE || r.ms === null) log(`  ${label}: turn to page ${n}: ${r.ms === null ? `not drawn within ${TURN_TIMEOUT_MS / 1000} s` : `${r.ms.toFixed(0)} ms`}${during ? ' (downloading)' : ''}`);
      const now = await run.page.evaluate('performance.now()');
      if (stored === null && now > downloadLimitMs) throw new Error(`the offline copy was not stored within ${Math.round(downloadLimitMs / 1000)} s of navigation`);
      await sleep(Math.max(0, TURN_EVERY_MS - (now - r.at)));
    }
    stored ??= await until(run.page, '__bench.stored', downloadLimitMs, 'the offline copy to be stored');
    return { turns, stored, requests: link.requests(true) };
  }
  /** The turns drawn while downloading (all of them when fewer than five were), in ms. */
  const turnFigures = (turns) => {
    const done = turns.filter((t) => t.ms !== null);
    const during = done.filter((t) => t.during);
    return { done, during, measured: during.length >= 5 ? 'during download' : 'all', ms: (during.length >= 5 ? during : done).map((t) => t.ms) };
  };

  // Run 1: first page, then page turns while the dossier downloads.
  phase = 'cold run 1 (first page)';
  link.requests(true);
  const run1 = await coldOpen();
  const first = await firstPageMs(run1.page);
  log(`cold 1: first page drawn ${first.toFixed(0)} ms after navigation start`);
  phase = 'cold run 1 (page turns while the dossier downloads)';
  const { turns, stored, requests } = await turnsWhileDownloading(run1, 'cold 1');
  const summary = linkSummary(requests);
  const targets = link.targets();
  await run1.context.close();

  // The turns while downloading are the figure; when the download was over before five of
  // them (the whole file first, as before range loading), all the turns are.
  const { done, during, measured: turnsMeasured, ms: turnMs } = turnFigures(turns);
  if (turnMs.length === 0) throw new Error(`no page turn was drawn within ${TURN_TIMEOUT_MS / 1000} s`);
  log(`cold 1: ${turns.length} page turns (${during.length} while downloading): p50 ${round(median(turnMs))} ms, p95 ${round(pct(turnMs, 95))} ms, max ${round(Math.max(...turnMs))} ms${turns.length - done.length ? `; ${turns.length - done.length} not drawn within ${TURN_TIMEOUT_MS / 1000} s` : ''}`);
  log(`cold 1: offline copy stored ${(stored / 1000).toFixed(1)} s after navigation start (the link allows ≥ ${minDownloadS.toFixed(1)} s); ${summary.networkMB} MiB of the file crossed the network in ${summary.requests} requests (${summary.rangeRequests} with Range)`);
  log(`link check (transfers ≥ 4 MiB, by target): ${JSON.stringify(summary.bigTransfersByTarget)}; targets seen: ${[...new Set(targets.map((t) => `${t.type}${t.throttled ? '' : t.type === 'worker' ? ' (no emulation of its own: the page\'s covers it, see the probe)' : ` (not throttled: ${t.error})`}`))].join(', ')}`);
  if (process.env.BENCH_VERBOSE) for (const r of requests) log(`  ${r.type} ${r.status} ${r.range ?? 'whole'} ${(r.bytes / 1024 ** 2).toFixed(1)} MiB ${r.end && r.start ? (r.end - r.start).toFixed(1) : '?'} s${r.fromServiceWorker ? ' (from service worker)' : ''}${r.failed ? ` failed: ${r.failed}` : ''}`);
  const escaped = Object.entries(summary.bigTransfersByTarget).filter(([, t]) => t.maxMbps > LINK.downMbps * 1.1);
  if (escaped.length) log(`WARNING: transfers faster than the emulated link (${escaped.map(([k, t]) => `${k} ${t.maxMbps} Mbit/s`).join(', ')}): the throttling did not hold for them`);

  // The real user path: the session's dossier page (which starts the offline download of
  // every document at once), then "Đọc" on the scanned one; click → page 1 drawn.
  let fromDossier = null;
  const dossierPath = process.env.BENCH_SCANNED_DOSSIER_PATH;
  if (dossierPath === '0' || (first > SLOW_FIRST_MS && dossierPath !== '1')) log(`skipping the dossier-page path${dossierPath === '0' ? '' : `: the first page took > ${SLOW_FIRST_MS / 1000} s (BENCH_SCANNED_DOSSIER_PATH=1 runs it anyway)`}`);
  else {
    phase = 'cold run from the dossier page';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: 'hdnd_session', value: reader, url: base }]);
    await context.addInitScript(viewerProbe, doc.fileUrl);
    const page = await context.newPage();
    await link.throttleAll();
    link.requests(true);
    await page.goto(`${base}/tai-lieu/${sessionId}`, { waitUntil: 'commit' });
    const read = `document.querySelector('[data-document-id="${doc.id}"] a[href$="/${doc.id}"]')`;
    const listedMs = await until(page, `${read} ? performance.now() : null`, 60_000, 'the dossier page to list the scanned document');
    const clickAt = await page.evaluate(`(() => { const t = performance.now(); ${read}.click(); return t; })()`);
    const drawnAt = await until(page, `__bench.draws.find(([p, t]) => p === 1 && t >= ${clickAt})?.[1] ?? null`, Math.max(300_000, minDownloadS * 5000), 'the first page after the click on the dossier page');
    const seen = linkSummary(link.requests(true));
    fromDossier = { listedMs, clickToFirstPageMs: drawnAt - clickAt, fileNetworkMB: seen.networkMB, fileRequests: seen.requests };
    log(`from the dossier page: listed ${listedMs.toFixed(0)} ms after navigation start; click → first page drawn ${fromDossier.clickToFirstPageMs.toFixed(0)} ms; by then ${seen.networkMB} MiB of the file had crossed the network in ${seen.requests} requests (${seen.inFlight} still under way)`);
    await context.close();
  }

  // The baseline, in the same run: the same turns with the page record withheld (pdf.js asks
  // for a page level by level: the page, its image's dictionary, then the image).
  let baseline = null;
  if (BASELINE) {
    phase = 'baseline: page turns without the page record';
    link.requests(true);
    const run = await coldOpen({ withoutPageReads: true });
    await firstPageMs(run.page);
    const b = turnFigures((await turnsWhileDownloading(run, 'baseline')).turns);
    await run.context.close();
    baseline = { turns: b.done.length, turnsMeasured: b.measured, turnP50Ms: round(median(b.ms)), turnP95Ms: round(pct(b.ms, 95)) };
    log(`baseline (no page record, pdf.js level by level): ${b.done.length} page turns: p50 ${baseline.turnP50Ms} ms, p95 ${baseline.turnP95Ms} ms`);
  }

  // More cold first pages, when each is cheap (not a whole download).
  const firsts = [first];
  if (first > SLOW_FIRST_MS && FIRST_RUNS > 1) log(`skipping ${FIRST_RUNS - 1} more cold first-page runs: the first page took > ${SLOW_FIRST_MS / 1000} s (each would cost a whole download)`);
  else {
    for (let i = 2; i <= FIRST_RUNS; i++) {
      phase = `cold run ${i} (first page)`;
      const run = await coldOpen();
      const ms = await firstPageMs(run.page);
      firsts.push(ms);
      log(`cold ${i}: first page drawn ${ms.toFixed(0)} ms after navigation start`);
      await run.context.close();
    }
  }

  const result = {
    bench: 'docs-scanned',
    documentMB: +mb.toFixed(1),
    pages: dossier.pages,
    link: { ...LINK, throttled: THROTTLE },
    firstPageColdMedianMs: round(median(firsts)),
    firstPageColdMs: firsts.map(round),
    dossierPageListedMs: round(fromDossier?.listedMs),
    dossierClickToFirstPageMs: round(fromDossier?.clickToFirstPageMs),
    dossierPathFileNetworkMB: fromDossier?.fileNetworkMB ?? null,
    turns: turns.length,
    turnsDuringDownload: during.length,
    turnsMeasured,
    turnP50Ms: round(median(turnMs)),
    turnP95Ms: round(pct(turnMs, 95)),
    turnMaxMs: round(Math.max(...turnMs)),
    turnsNotDrawn: turns.length - done.length,
    baseline,
    turnP95VsBaseline: baseline ? +(pct(turnMs, 95) / baseline.turnP95Ms).toFixed(2) : null,
    fullDownloadS: +(stored / 1000).toFixed(1),
    minDownloadS: +minDownloadS.toFixed(1),
    fileNetworkMB: summary.networkMB,
    fileRequests: summary.requests,
    fileRangeRequests: summary.rangeRequests,
    bigTransfersByTarget: summary.bigTransfersByTarget,
    linkProbe: probe,
    throttleHeld: escaped.length === 0 && probeEscaped.length === 0 && stored / 1000 >= minDownloadS * 0.95,
    uploadSeconds: +uploadS.toFixed(1),
    generatedSeconds: dossier.generatedSeconds,
    goals: GOALS,
  };
  result.meetsGoal = result.firstPageColdMedianMs < GOALS.firstPageMs && result.turnP95Ms < GOALS.turnP95Ms && result.turnsNotDrawn === 0;
  result.serverAbortedTransferErrors = server.aborted();
  if (result.serverAbortedTransferErrors) log(`the server logged ${result.serverAbortedTransferErrors} ECONNRESET / premature-close errors (streams the browser closed mid-way); its last stderr lines:\n${server.tail().split('\n').slice(-8).join('\n')}`);
  result.machine = machine();
  log(`scanned dossier (${result.documentMB} MiB, ${result.pages} pages) over ${LINK.downMbps} Mbit/s, ${LINK.rttMs} ms: first page cold median ${result.firstPageColdMedianMs} ms (goal < ${GOALS.firstPageMs}), page turn p50 ${result.turnP50Ms} / p95 ${result.turnP95Ms} ms (goal p95 < ${GOALS.turnP95Ms}), full download ${result.fullDownloadS} s (≥ ${result.minDownloadS} s possible); load average ${result.machine.loadAverage.end.join(' ')}`);
  console.log(JSON.stringify(result));
} catch (err) {
  if (server) console.error(`docs-scanned failed; the server's last stderr lines:\n${server.tail()}`);
  throw err;
} finally {
  clearTimeout(deadline);
  await cleanup();
}

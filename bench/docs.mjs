#!/usr/bin/env node
// `npm run bench:docs`: the document figures of one run, merged into one JSON last line:
// time to the first rendered page of a 500-page PDF in Chromium (goal < 800 ms), 100
// concurrent downloads of a 200 MB dossier as a ratio to a plain static server (goal ≥ 0.8),
// and a realistic scanned dossier (~150 MB, 400 JPEG pages) over an emulated 20 Mbit/s,
// 60 ms commune link: first page (goal < 2 s), page turns while it downloads for offline
// reading (goal p95 < 300 ms) and the full download time.
// BENCH_ONLY=first-page,download,scanned (comma-separated) runs only those parts.
import { ROOT } from '../scripts/lib/util.mjs';
import { runBenchScript } from './lib/childJson.mjs';
import { machine, machineLine } from './lib/machine.mjs';

console.log(`bench:docs — ${machineLine()}`);

const PARTS = ['first-page', 'download', 'scanned'];
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((p) => !PARTS.includes(p));
if (unknown.length) {
  console.error(`BENCH_ONLY: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  process.exit(2);
}
const runs = (part) => only.length === 0 || only.includes(part);
const runBench = (script) => runBenchScript(script, ROOT);

const firstPage = runs('first-page') ? await runBench('bench/docs-first-page.mjs') : null;
const download = runs('download') ? await runBench('bench/docs-download.mjs') : null;
const scanned = runs('scanned') ? await runBench('bench/docs-scanned.mjs') : null;
console.log(JSON.stringify({
  bench: 'docs',
  ...(firstPage && {
    firstPageColdMedianMs: firstPage.coldMedianMs,
    firstPageWarmMedianMs: firstPage.warmMedianMs,
    firstPageGoalMs: firstPage.goalMs,
    firstPageGoalMet: firstPage.coldMedianMs < firstPage.goalMs,
  }),
  ...(download && {
    downloadClients: download.clients,
    dossierMB: download.documentMB,
    appMBps: download.appMBps,
    staticMBps: download.staticMBps,
    downloadRatio: download.ratio,
    downloadGoalMet: download.ratio >= 0.8,
  }),
  ...(scanned && {
    scannedMB: scanned.documentMB,
    scannedPages: scanned.pages,
    scannedLink: scanned.link,
    scannedFirstPageColdMedianMs: scanned.firstPageColdMedianMs,
    scannedDossierClickToFirstPageMs: scanned.dossierClickToFirstPageMs,
    scannedTurnP50Ms: scanned.turnP50Ms,
    scannedTurnP95Ms: scanned.turnP95Ms,
    scannedTurnBaseline: scanned.baseline,
    scannedTurnP95VsBaseline: scanned.turnP95VsBaseline,
    scannedTurnsDuringDownload: scanned.turnsDuringDownload,
    scannedFullDownloadS: scanned.fullDownloadS,
    scannedMinDownloadS: scanned.minDownloadS,
    scannedFileNetworkMB: scanned.fileNetworkMB,
    scannedThrottleHeld: scanned.throttleHeld,
    scannedGoalMet: scanned.meetsGoal,
  }),
  machine: machine(),
}));

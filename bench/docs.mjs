#!/usr/bin/env node
// `npm run bench:docs`: the two document figures of one run, merged into one JSON last line:
// time to the first rendered page of a 500-page PDF in Chromium (goal < 1 s), and 100
// concurrent downloads of a 200 MB dossier as a ratio to a plain static server (goal ≥ 0.8).
import { ROOT } from '../scripts/lib/util.mjs';
import { runBenchScript } from './lib/childJson.mjs';
import { machine, machineLine } from './lib/machine.mjs';

console.log(`bench:docs — ${machineLine()}`);

const runBench = (script) => runBenchScript(script, ROOT);

const firstPage = await runBench('bench/docs-first-page.mjs');
const download = await runBench('bench/docs-download.mjs');
console.log(JSON.stringify({
  bench: 'docs',
  firstPageColdMedianMs: firstPage.coldMedianMs,
  firstPageWarmMedianMs: firstPage.warmMedianMs,
  firstPageGoalMet: firstPage.coldMedianMs < 1000,
  downloadClients: download.clients,
  dossierMB: download.documentMB,
  appMBps: download.appMBps,
  staticMBps: download.staticMBps,
  downloadRatio: download.ratio,
  downloadGoalMet: download.ratio >= 0.8,
  machine: machine(),
}));

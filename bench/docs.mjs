#!/usr/bin/env node
// `npm run bench:docs`: the two document figures of one run, merged into one JSON last line:
// time to the first rendered page of a 500-page PDF in Chromium (goal < 1 s), and 100
// concurrent downloads of a 200 MB dossier as a ratio to a plain static server (goal ≥ 0.8).
import { spawn } from 'node:child_process';
import { ROOT } from '../scripts/lib/util.mjs';

function runBench(script) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (last + chunk.toString()).split('\n').filter((l) => l.trim());
      last = lines[lines.length - 1] ?? last;
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try { resolve(JSON.parse(last)); } catch { reject(new Error(`${script}: last line is not JSON: ${last}`)); }
    });
  });
}

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
}));

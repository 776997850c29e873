// The real product server for a browser benchmark, as bench/docs-first-page.mjs starts it: a
// fresh client build (or BENCH_CLIENT_DIST, an existing one), a throwaway FerretDB, the app
// with the demo seed, and helpers to sign in and to upload a PDF through the real API.
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { ensureFerretDB, startFerretDB } from '../../scripts/lib/ferretdb.mjs';
import { ROOT, freePort } from '../../scripts/lib/util.mjs';

export const DEMO = { secretariat: 'thuky@hdnd.demo', delegate: 'daibieu01@hdnd.demo', password: 'demo1234' };

export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body && typeof body.pipe === 'function') body.pipe(req); else req.end(body);
  });
}

/** The `hdnd_session` cookie's value for a demo user. */
export async function signIn(base, login) {
  const res = await request(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO.password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${login}: ${res.status} ${res.body}`);
  return /hdnd_session=([^;]*)/.exec(res.headers['set-cookie'].join(';'))[1];
}

/** Builds the client into `outDir` (what the server will serve), unless BENCH_CLIENT_DIST names one. */
export async function clientDist(outDir, log) {
  if (process.env.BENCH_CLIENT_DIST) {
    log(`serving the client already built in ${process.env.BENCH_CLIENT_DIST} (BENCH_CLIENT_DIST)`);
    return process.env.BENCH_CLIENT_DIST;
  }
  const t0 = performance.now();
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'client', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  log(`built the client in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return outDir;
}

/**
 * FerretDB and the app on free loopback ports; `children` receives both processes (the
 * caller stops them). Answers { base, aborted, tail }: the server's stderr is kept, not
 * printed (a reader closing a download mid-way logs a stack trace each time): `aborted()`
 * counts those traces, `tail()` gives the last lines (printed if the server fails to start).
 */
export async function startServer({ temp, dist, children, maxDocumentBytes, dbName = 'bench_scanned' }) {
  const dbPort = await freePort();
  const db = await startFerretDB({ dataDir: join(temp, 'ferretdb'), port: dbPort, bin: await ensureFerretDB() });
  children.push(db);
  const port = await freePort();
  // A media worker is started (the app needs one) on a port of its own: another server on
  // this machine (a test run) may hold the default 40000.
  const rtcPort = await freePort();
  const app = spawn(process.execPath, ['--import', 'tsx', 'server/src/app/main.ts'], {
    // BENCH_SERVER_ROOT: the server of another tree (e.g. `git archive HEAD` unpacked, with a
    // node_modules link), to compare a change with the code before it.
    cwd: process.env.BENCH_SERVER_ROOT || ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: `mongodb://127.0.0.1:${dbPort}/${dbName}`, MEDIA_WORKERS: '1', RTC_PORT: String(rtcPort), LOG_LEVEL: 'warn',
      SEED_DEMO: 'true', CLIENT_DIST: dist, DOCUMENT_CACHE_DIR: join(temp, 'document-cache'), DOCUMENT_MAX_BYTES: String(Math.max(maxDocumentBytes, 200 * 1024 ** 2)),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(app);
  const lines = [];
  let aborted = 0;
  app.stderr.setEncoding('utf8');
  app.stderr.on('data', (d) => {
    for (const line of d.split('\n')) {
      if (/ECONNRESET|ERR_STREAM_PREMATURE_CLOSE/.test(line)) aborted++;
      if (line.trim()) lines.push(line);
    }
    if (lines.length > 400) lines.splice(0, lines.length - 200);
  });
  const tail = () => lines.slice(-40).join('\n');
  await new Promise((resolve, reject) => {
    let out = '';
    app.stdout.on('data', (d) => { out += d; if (/is ready/.test(out)) resolve(); });
    app.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready:\n${tail()}`)));
  });
  return { base: `http://127.0.0.1:${port}`, aborted: () => aborted, tail };
}

/** Uploads the PDF at `path` into the clerk's first session; answers { sessionId, doc, seconds }. */
export async function uploadPdf(base, path, { title, fileName }) {
  const clerk = await signIn(base, DEMO.secretariat);
  const sessions = JSON.parse((await request(`${base}/api/me/sessions`, { headers: { cookie: `hdnd_session=${clerk}` } })).body).data;
  const sessionId = sessions[0].id;
  const size = statSync(path).size;
  const t0 = performance.now();
  const up = await request(`${base}/api/sessions/${sessionId}/documents?${new URLSearchParams({ title, kind: 'other', access: 'council', fileName })}`, {
    method: 'POST', headers: { cookie: `hdnd_session=${clerk}`, 'content-type': 'application/pdf', 'content-length': size }, body: createReadStream(path),
  });
  if (up.status !== 200) throw new Error(`upload refused: ${up.status} ${up.body}`);
  return { sessionId, doc: JSON.parse(up.body).data.document, seconds: (performance.now() - t0) / 1000 };
}

#!/usr/bin/env node
// `npm run bench:docs` (server part): 100 concurrent clients download a generated 200 MB
// session dossier from the real server (signed in, authorised per request, served from the
// local copy of the GridFS file) and, in the same run, from a plain static file server
// (node:http + fs.createReadStream) serving the same bytes. Prints throughput of each
// (median of the rounds) and their ratio (goal ≥ 0.8); the LAST LINE is one JSON object.
// Loopback only; a throwaway FerretDB and temp files, all removed at the end.
//   BENCH_DOC_MB (200) BENCH_CLIENTS (100) BENCH_ROUNDS (3) BENCH_TIMEOUT_S (900)
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import mongoose from 'mongoose';
import { setup } from '../scripts/setup.mjs';
import { ensureFerretDB, startFerretDB } from '../scripts/lib/ferretdb.mjs';
import { ROOT, freePort } from '../scripts/lib/util.mjs';
import { request } from './lib/benchServer.mjs';

const DOC_MB = Number(process.env.BENCH_DOC_MB || 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S || 900);
const { MongoClient, GridFSBucket, ObjectId } = mongoose.mongo;
const DEMO = { secretariat: 'thuky@hdnd.demo', delegate: 'daibieu01@hdnd.demo', password: 'demo1234' };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mb = (bytes) => bytes / 1024 / 1024;
const log = (...args) => console.log(...args);

/** A real PDF of about `megabytes`: one page per MiB, each an uncompressed image of noise. */
async function generateDossier(path, megabytes) {
  const doc = await PDFDocument.create();
  doc.setTitle('Hồ sơ kỳ họp (bench)');
  const side = 1024; // 1024 × 1024 grey pixels = 1 MiB per page
  for (let i = 0; i < megabytes; i++) {
    const image = doc.context.register(doc.context.stream(randomBytes(side * side), {
      Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceGray', BitsPerComponent: 8,
    }));
    const page = doc.addPage([595, 842]);
    const name = page.node.newXObject('Im', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(515, 0, 0, 515, 40, 160), drawObject(name), popGraphicsState());
  }
  const bytes = await doc.save({ useObjectStreams: false });
  writeFileSync(path, bytes);
  return { bytes: bytes.length, pages: megabytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function spawnChild(args, env, readyPattern) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (readyPattern.test(out)) resolve(); });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

const STATIC_SERVER = `
import http from 'node:http'; import fs from 'node:fs'; import { pipeline } from 'node:stream';
const [file, port] = process.argv.slice(1); const size = fs.statSync(file).size;
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': size });
  pipeline(fs.createReadStream(file), res, () => {});
}).listen(Number(port), '127.0.0.1', () => console.log('static ready'));`;


async function signIn(base, login) {
  const res = await request(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO.password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${login}: ${res.status} ${res.body}`);
  return /hdnd_session=[^;]*/.exec(res.headers['set-cookie'].join(';'))[0];
}

/** `clients` concurrent downloads of the whole file; answers MB/s over the wall time. */
async function downloadRound(url, cookie, clients, expectedBytes) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: clients });
  const t0 = performance.now();
  const sizes = await Promise.all(Array.from({ length: clients }, () => new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve(n));
      res.on('error', reject);
    }).on('error', reject);
  })));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  if (sizes.some((n) => n !== expectedBytes)) throw new Error(`a download was short: ${sizes.filter((n) => n !== expectedBytes)}`);
  return mb(expectedBytes * clients) / seconds;
}

async function gridfsSingleRead(mongoUri, fileId) {
  const client = await MongoClient.connect(mongoUri);
  try {
    const t0 = performance.now();
    let n = 0;
    for await (const chunk of new GridFSBucket(client.db(), { bucketName: 'files' }).openDownloadStream(new ObjectId(fileId))) n += chunk.length;
    return mb(n) / ((performance.now() - t0) / 1000);
  } finally { await client.close(); }
}

const children = [];
const temp = mkdtempSync(join(tmpdir(), 'hdnd-bench-docs-'));
const cleanup = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGTERM'); rmSync(temp, { recursive: true, force: true }); };
const deadline = setTimeout(() => { console.error(`bench:docs took longer than ${TIMEOUT_S} s; stopping`); cleanup(); process.exit(1); }, TIMEOUT_S * 1000);
process.once('SIGINT', () => { cleanup(); process.exit(130); });

try {
  await setup({ client: false });
  const pdfPath = join(temp, 'dossier.pdf');
  let t = performance.now();
  const dossier = await generateDossier(pdfPath, DOC_MB);
  log(`generated a ${mb(dossier.bytes).toFixed(1)} MB, ${dossier.pages}-page PDF in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const dbPort = await freePort();
  const db = await startFerretDB({ dataDir: join(temp, 'ferretdb'), port: dbPort, bin: await ensureFerretDB() });
  children.push(db);
  const mongoUri = `mongodb://127.0.0.1:${dbPort}/bench_docs`;
  const port = await freePort();
  const cacheDir = join(temp, 'document-cache');
  const app = spawnChild(['--import', 'tsx', 'server/src/app/main.ts'], {
    PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: mongoUri, MEDIA_WORKERS: '1', LOG_LEVEL: 'warn', SEED_DEMO: 'true', CLIENT_DIST: '',
    DOCUMENT_CACHE_DIR: cacheDir, DOCUMENT_MAX_BYTES: String(Math.max(dossier.bytes + 1024 ** 2, 200 * 1024 ** 2)),
  }, /is ready/);
  children.push(app.child);
  await app.ready;
  const base = `http://127.0.0.1:${port}`;

  const clerk = await signIn(base, DEMO.secretariat);
  const sessions = JSON.parse((await request(`${base}/api/me/sessions`, { headers: { cookie: clerk } })).body).data;
  const sessionId = sessions[0].id;
  t = performance.now();
  const up = await request(`${base}/api/sessions/${sessionId}/documents?title=${encodeURIComponent('Hồ sơ kỳ họp (bench)')}&kind=other&access=council`, {
    method: 'POST', headers: { cookie: clerk, 'content-type': 'application/pdf', 'content-length': dossier.bytes }, body: createReadStream(pdfPath),
  });
  const uploadS = (performance.now() - t) / 1000;
  if (up.status !== 200) throw new Error(`upload refused: ${up.status} ${up.body}`);
  const doc = JSON.parse(up.body).data.document;
  if (doc.sha256 !== dossier.sha256 || doc.pages !== dossier.pages) throw new Error('the server recorded other facts than the file has');
  log(`uploaded through POST /api/sessions/:id/documents (validated, GridFS) in ${uploadS.toFixed(1)} s; ${doc.pages} pages`);

  const reader = await signIn(base, DEMO.delegate);
  const fileUrl = `${base}${doc.fileUrl}`;
  const record = await (async () => { const c = await MongoClient.connect(mongoUri); try { return await c.db().collection('documents').findOne({ _id: new ObjectId(doc.id) }); } finally { await c.close(); } })();
  const gridfsMBps = await gridfsSingleRead(mongoUri, String(record.fileId));
  log(`one GridFS read straight from FerretDB (driver, no HTTP): ${gridfsMBps.toFixed(1)} MB/s`);
  for (const f of readdirSync(cacheDir)) if (f.endsWith('.pdf')) rmSync(join(cacheDir, f));
  t = performance.now();
  const cold = await request(fileUrl, { headers: { cookie: reader } });
  const coldS = (performance.now() - t) / 1000;
  if (createHash('sha256').update(cold.body).digest('hex') !== dossier.sha256) throw new Error('the first read did not give the uploaded bytes back');
  log(`first read with no local copy (GridFS → cache file → client): ${coldS.toFixed(1)} s`);

  const staticPort = await freePort();
  const plain = spawnChild(['--input-type=module', '-e', STATIC_SERVER, pdfPath, String(staticPort)], {}, /static ready/);
  children.push(plain.child);
  await plain.ready;
  const staticUrl = `http://127.0.0.1:${staticPort}/dossier.pdf`;

  const appRuns = [];
  const staticRuns = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const order = r % 2 ? ['static', 'app'] : ['app', 'static'];
    for (const which of order) {
      const mbps = which === 'app' ? await downloadRound(fileUrl, reader, CLIENTS, dossier.bytes) : await downloadRound(staticUrl, reader, CLIENTS, dossier.bytes);
      (which === 'app' ? appRuns : staticRuns).push(mbps);
      log(`round ${r}: ${which.padEnd(6)} ${CLIENTS} clients × ${mb(dossier.bytes).toFixed(0)} MB: ${mbps.toFixed(0)} MB/s`);
    }
  }
  const appMBps = median(appRuns);
  const staticMBps = median(staticRuns);
  const result = {
    bench: 'docs-download',
    documentMB: +mb(dossier.bytes).toFixed(1),
    pages: dossier.pages,
    clients: CLIENTS,
    rounds: ROUNDS,
    appMBps: +appMBps.toFixed(1),
    staticMBps: +staticMBps.toFixed(1),
    ratio: +(appMBps / staticMBps).toFixed(3),
    goalRatio: 0.8,
    uploadSeconds: +uploadS.toFixed(1),
    firstReadFromGridFSSeconds: +coldS.toFixed(1),
    gridfsSingleReadMBps: +gridfsMBps.toFixed(1),
  };
  log(`server ${result.appMBps} MB/s vs static ${result.staticMBps} MB/s: ratio ${result.ratio} (goal ≥ 0.8)`);
  console.log(JSON.stringify(result));
} finally {
  clearTimeout(deadline);
  cleanup();
}

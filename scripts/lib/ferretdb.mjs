// FerretDB 1.x: the embedded database (MongoDB wire protocol over SQLite). Built from the Go
// module proxy's source of the pinned version and cached outside the clone.
//
// `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0` does not work here: the proxy
// answers 403 to the module's version list, which `go install` reads to check deprecation.
// `go mod download` of the exact version works; the source needs build/version/version.txt
// (normally written by FerretDB's own task runner) before `go build`.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, cpSync, writeFileSync, chmodSync, mkdirSync, rmSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, run, step, waitForPort } from './util.mjs';

export const FERRETDB_VERSION = 'v1.24.0';
const MODULE = 'github.com/FerretDB/FerretDB';

export async function ensureFerretDB() {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const bin = join(cacheDir('ferretdb', FERRETDB_VERSION), 'ferretdb');
  if (existsSync(bin)) return bin;
  step(`Building FerretDB ${FERRETDB_VERSION} from the Go module proxy (about 1 minute, done once and cached)`);
  let goOk = true;
  try { execFileSync('go', ['version'], { stdio: 'ignore' }); } catch { goOk = false; }
  if (!goOk) throw new Error('FerretDB is built with Go, and `go` is not on PATH. Install Go ≥ 1.22 (or set FERRETDB_BIN, or MONGODB_URI to use your own MongoDB).');
  const out = execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { encoding: 'utf8' });
  const { Dir } = JSON.parse(out);
  const src = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(Dir, src, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const tmpBin = `${bin}.tmp`;
    await run('go', ['build', '-trimpath', '-o', tmpBin, './cmd/ferretdb'], { cwd: src });
    chmodSync(tmpBin, 0o755);
    execFileSync('mv', [tmpBin, bin]);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  console.log(`  FerretDB ${FERRETDB_VERSION} built: ${bin}`);
  return bin;
}

/**
 * Starts FerretDB on 127.0.0.1:port with its SQLite files under dataDir.
 * Returns the child process; its log goes to dataDir/ferretdb.log.
 *
 * With `postgresqlUrl`, FerretDB uses the postgresql handler on that database instead (dataDir
 * then holds only its state file and log); `listenHost` changes the listen address; `netns` runs
 * it inside that network namespace (`ip netns exec`, which execs in place: the child is
 * FerretDB itself).
 */
export async function startFerretDB({ dataDir, port, bin, postgresqlUrl, listenHost = '127.0.0.1', netns }) {
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(join(dataDir, 'ferretdb.log'), 'a');
  const backend = postgresqlUrl
    ? ['--handler=postgresql', `--postgresql-url=${postgresqlUrl}`]
    : [
      '--handler=sqlite',
      // secure_delete: SQLite zeroes what a delete removes (sealed secret ballots, ended sessions)
      // instead of leaving it in free pages. FerretDB adds its own WAL and busy-timeout pragmas;
      // SQLite's default synchronous=FULL makes each commit durable in the WAL.
      `--sqlite-url=file:${dataDir}/?_pragma=secure_delete(on)`,
    ];
  const args = [
    ...backend,
    `--state-dir=${dataDir}`,
    `--listen-addr=${listenHost}:${port}`,
    `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR || '-'}`,
    '--telemetry=disable',
    `--log-level=${process.env.FERRETDB_LOG_LEVEL || 'warn'}`,
  ];
  const child = netns
    ? spawn('ip', ['netns', 'exec', netns, bin, ...args], { stdio: ['ignore', log, log] })
    : spawn(bin, args, { stdio: ['ignore', log, log] });
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`FerretDB exited (code ${code}); see ${join(dataDir, 'ferretdb.log')}`))));
  exited.catch(() => {});
  await Promise.race([netns ? waitForPortIn(netns, port, listenHost) : waitForPort(port, listenHost), exited]);
  return child;
}

/** waitForPort, from inside a network namespace (bash's /dev/tcp). */
async function waitForPortIn(netns, port, host, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  const probe = () => new Promise((resolve) => {
    const c = spawn('ip', ['netns', 'exec', netns, 'bash', '-c', `exec 3<>"/dev/tcp/${host}/${port}"`], { stdio: 'ignore' });
    c.once('error', () => resolve(false));
    c.once('exit', (code) => resolve(code === 0));
  });
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} in netns ${netns} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// PostgreSQL 15 for the cluster tests (FerretDB's postgresql handler): Debian's binaries, a
// throwaway cluster under dataDir with trust authentication (tests only), optionally inside a
// network namespace. PostgreSQL refuses to run as root: as root, initdb and the server run as
// the `postgres` user, the data directory is chowned to it, and the ancestors of dataDir get
// o+x (traverse only) so that user can reach it.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, chownSync, chmodSync, statSync, appendFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';

export const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

function postgresUser() {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim()));
  return { uid, gid };
}

function allowTraverse(dir) {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const { mode } = statSync(d);
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
  }
}

function runAs(user, file, args, opts = {}) {
  return new Promise((res, rej) => {
    execFile(file, args, { ...opts, ...(user ?? {}) }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else res(stdout);
    });
  });
}

/**
 * initdb (unless dataDir already holds a cluster), starts postgres on host:port with its Unix
 * socket in dataDir, creates database `hdnd`. Log: dataDir/postgres.log (the cluster itself is
 * dataDir/pgdata). stop(): fast shutdown (SIGINT: clients are disconnected), resolves on exit.
 */
export async function startPostgres({ dataDir, port, host = '127.0.0.1', netns, timeoutMs = 30000 }) {
  dataDir = resolve(dataDir);
  const pgdata = join(dataDir, 'pgdata');
  const user = postgresUser();
  mkdirSync(dataDir, { recursive: true });
  if (user) {
    allowTraverse(dataDir);
    chownSync(dataDir, user.uid, user.gid);
  }
  chmodSync(dataDir, 0o700);
  const fresh = !existsSync(join(pgdata, 'PG_VERSION'));
  if (fresh) {
    await runAs(user, join(PG_BIN, 'initdb'), ['-D', pgdata, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'], { env: { ...process.env, LC_ALL: 'C' } });
    appendFileSync(join(pgdata, 'pg_hba.conf'), '\n# cluster tests: trust from anywhere\nhost all all 0.0.0.0/0 trust\nhost all all ::/0 trust\n');
  }
  const logFile = join(dataDir, 'postgres.log');
  const log = openSync(logFile, 'a');
  if (user) chownSync(logFile, user.uid, user.gid);
  const argv = [join(PG_BIN, 'postgres'), '-D', pgdata, '-p', String(port),
    '-c', `listen_addresses=${host}`, '-c', `unix_socket_directories=${dataDir}`, '-c', 'fsync=on',
    // Each FerretDB keeps a pool per client connection: three hosts' servers need more than the default 100.
    '-c', 'max_connections=600'];
  // `ip netns exec` and setpriv both exec in place: the child is the postmaster.
  const child = netns
    ? spawn('ip', ['netns', 'exec', netns, ...(user ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : []), ...argv], { stdio: ['ignore', log, log] })
    : spawn(argv[0], argv.slice(1), { stdio: ['ignore', log, log], ...(user ?? {}) });
  closeSync(log);
  let exitCode;
  const exited = new Promise((r) => child.once('exit', (code, signal) => { exitCode = code ?? signal; r(); }));
  const deadline = Date.now() + timeoutMs;
  // pg_isready over the Unix socket: a path, so it works whatever namespace the server is in.
  for (;;) {
    if (exitCode !== undefined) throw new Error(`postgres exited (${exitCode}); see ${logFile}`);
    const ok = await runAs(user, join(PG_BIN, 'pg_isready'), ['-q', '-h', dataDir, '-p', String(port)]).then(() => true, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`postgres on ${host}:${port} not ready within ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (fresh) await runAs(user, join(PG_BIN, 'createdb'), ['-h', dataDir, '-p', String(port), '-U', 'postgres', 'hdnd']);
  return {
    child,
    url: `postgres://postgres@${host}:${port}/hdnd`,
    async stop() {
      if (exitCode === undefined) child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGQUIT'), 10000);
      await exited;
      clearTimeout(t);
    },
  };
}

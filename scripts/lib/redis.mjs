// Redis for the cluster tests (several server processes sharing one Redis): Debian's
// redis-server, no persistence, optionally inside a network namespace (`ip netns exec`, which
// execs in place, so the child is redis-server itself).
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';

function ping(host, port, netns) {
  const cmd = ['redis-cli', '-h', host, '-p', String(port), 'ping'];
  const [file, ...args] = netns ? ['ip', 'netns', 'exec', netns, ...cmd] : cmd;
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 2000 }, (err, stdout) => resolve(!err && stdout.trim() === 'PONG'));
  });
}

/**
 * Starts redis-server on host:port (log in dataDir/redis.log) and resolves once it answers PING.
 * stop(): SIGTERM, resolves when it has exited.
 */
export async function startRedis({ dataDir, port, host = '127.0.0.1', netns, timeoutMs = 15000 }) {
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(dataDir, 'redis.log');
  const log = openSync(logFile, 'a');
  const argv = [
    'redis-server',
    '--port', String(port),
    '--bind', host,
    '--protected-mode', 'no',
    '--save', '',
    '--appendonly', 'no',
    '--dir', dataDir,
    '--daemonize', 'no',
    '--logfile', logFile,
  ];
  const [file, ...args] = netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv;
  const child = spawn(file, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  let exitCode;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { exitCode = code ?? signal; resolve(); }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`redis-server exited (${exitCode}); see ${logFile}`);
    if (await ping(host, port, netns)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on ${host}:${port} did not answer PING within ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: `redis://${host}:${port}`,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}

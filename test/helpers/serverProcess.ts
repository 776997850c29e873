import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/util.mjs';

/**
 * The real server (`node --import tsx server/src/app/main.ts`) as a child process, for tests and
 * benchmarks that need to kill it, restart it, or measure it apart from the clients. It runs
 * in its own process group (with its mediasoup worker), listens on 127.0.0.1 only, and is
 * ready once /readyz answers 200.
 */

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerProcess {
  readonly port: number;
  readonly url: string;
  /** The server's pid (the group leader). */
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last lines the server wrote (stdout and stderr). */
  output(): string;
  /** SIGKILL to the server and its mediasoup worker; resolves once it has exited. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerProcessOptions {
  mongoUri: string;
  port: number;
  /** More settings, as in the environment. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Soft limit of open files for the server (raised with `ulimit -n`, up to the hard limit). */
  nofile?: number;
  /** Extra Node.js flags for the server (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Run it inside this network namespace (a cluster test's "host"), listening on `host`. */
  netns?: string;
  /** The address it listens on and is reached at (default 127.0.0.1). */
  host?: string;
}

/** A database name put into a MongoDB URI (`mongodb://h:p/` + `db` → `mongodb://h:p/db`). */
export function uriWithDb(uri: string, dbName: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${m[1]}/${dbName}${m[2] ?? ''}`;
}

/** Soft and hard limits of open files of this process. */
export function openFileLimits(): { soft: number; hard: number } {
  const line = /Max open files\s+(\S+)\s+(\S+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  const n = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Infinity : Number(s));
  return { soft: n(line?.[1]), hard: n(line?.[2]) };
}

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: opts.host ?? '127.0.0.1',
    PORT: String(opts.port),
    MONGODB_URI: opts.mongoUri,
    MEDIA_WORKERS: '1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    CLIENT_DIST: '',
    PUBLIC_URL: '',
    // No ffmpeg beside the process tests unless asked (opts.env).
    WEBCAST: 'false',
    // A free port for the media worker, not the default 40000: two servers (a test and a
    // benchmark) running at once would collide there.
    RTC_PORT: String(await freePort()),
    ...opts.env,
  };
  // Options meant for the parent (vitest's loaders, inspector flags) are not the server's.
  delete env.NODE_OPTIONS;
  const node = [...(opts.netns ? ['ip', 'netns', 'exec', opts.netns] : []), process.execPath, ...(opts.nodeArgs ?? []), '--import', 'tsx', 'server/src/app/main.ts'];
  const { soft, hard } = openFileLimits();
  const want = opts.nofile && opts.nofile > soft ? Math.min(opts.nofile, hard) : null;
  const child = want
    ? spawn('/bin/sh', ['-c', `ulimit -n ${want} && exec "$@"`, 'sh', ...node], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(node[0]!, node.slice(1), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    while (tail.length > 2000) tail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => { gone = true; });
  const signalGroup = (sig: NodeJS.Signals) => {
    if (gone) return;
    try { process.kill(-child.pid!, sig); } catch { /* already gone */ }
  };
  const url = `http://${opts.host ?? '127.0.0.1'}:${opts.port}`;

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`the server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${tail.join('')}`);
    if (Date.now() > deadline) {
      signalGroup('SIGKILL');
      await exited;
      throw new Error(`the server was not ready in ${opts.readyTimeoutMs ?? 60_000} ms:\n${tail.join('')}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    port: opts.port,
    url,
    pid: child.pid!,
    child,
    output: () => tail.join(''),
    async kill9() {
      signalGroup('SIGKILL');
      await exited;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the whole group is gone */ }
    },
    async stop(graceMs = 5000) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The group may outlive its leader for a moment (the mediasoup worker): make sure.
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the whole group is gone */ }
    },
  };
}

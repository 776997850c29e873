import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, freePort } from '../../scripts/lib/util.mjs';
import type { Hosts } from '../../test/cluster/netns.js';

/** One baseline process (bench/lib/clusterRawServer.ts) running in a host's namespace. */
export interface RawServer {
  readonly url: string;
  readonly pid: number;
  output(): string;
  kill(): Promise<void>;
}

/**
 * Plain socket.io servers on the same Redis streams adapter, one per host of `hosts` (in its
 * namespace, on its address), on the Redis at `redisUrl` with their own stream. Resolves
 * once every one printed "ready".
 */
export async function startRawServers(hosts: Hosts, redisUrl: string, stream: string): Promise<RawServer[]> {
  const out: RawServer[] = [];
  try {
    for (const h of hosts.hosts) out.push(await startOne(h.name, h.ip, await freePort(), redisUrl, stream));
  } catch (err) {
    await Promise.all(out.map((s) => s.kill()));
    throw err;
  }
  return out;
}

async function startOne(netns: string, host: string, port: number, redisUrl: string, stream: string): Promise<RawServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: host, PORT: String(port), REDIS_URL: redisUrl, RAW_STREAM: stream };
  delete env.NODE_OPTIONS;
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, process.execPath, '--import', 'tsx', 'bench/lib/clusterRawServer.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => { gone = true; resolve(); }));
  const kill = async () => {
    if (!gone) { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { void kill(); reject(new Error(`raw server in ${netns} not ready in 30 s:\n${tail.join('')}`)); }, 30_000);
    const keep = (chunk: Buffer) => {
      tail.push(chunk.toString());
      while (tail.length > 200) tail.shift();
      if (/^ready$/m.test(tail.join(''))) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`raw server in ${netns} exited:\n${tail.join('')}`)); });
  });
  return { url: `http://${host}:${port}`, pid: child.pid!, output: () => tail.join(''), kill };
}

import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

/**
 * "Hosts" for the cluster tests: Linux network namespaces on one bridge. Needs root (ip netns,
 * veth, bridge, tc). The test creates them and destroys them; destroy() also runs on process
 * exit, so a failed or interrupted test leaves nothing behind (unless SIGKILLed).
 *
 *   root namespace: bridge br<runId> 10.X.0.1/24  ← bridgeIp (Redis/PostgreSQL may bind here)
 *   host i:         namespace h<runId>-<i>, eth0 10.X.0.(10+i)/24, default route via bridgeIp,
 *                   linked to the bridge by the veth v<runId>-<i> (root side).
 */

export interface Host {
  /** The network namespace's name (for `ip netns exec`). */
  readonly name: string;
  readonly ip: string;
  /** The root-side end of its veth (on the bridge). */
  readonly link: string;
}

export interface Hosts {
  readonly hosts: Host[];
  readonly bridge: string;
  readonly bridgeIp: string;
  /** Spawns `cmd args` inside the host's namespace (`ip netns exec`, which execs in place). */
  exec(host: Host, cmd: string, args?: string[], opts?: SpawnOptions): ChildProcess;
  /** Token-bucket limit of the host's link, both directions; null (or 0) removes it. */
  shape(host: Host, limit: { rateMbit: number } | null): void;
  /** Partition: the host's link goes down (it reaches nothing, nothing reaches it). */
  cut(host: Host): void;
  heal(host: Host): void;
  /** Kills what still runs in the namespaces, removes them, their links and the bridge. */
  destroy(): Promise<void>;
}

/** A short id for namespace and interface names (interface names have at most 15 characters). */
export function newRunId(): string {
  return (process.pid % 1296).toString(36).padStart(2, '0') + randomBytes(2).toString('hex').slice(0, 3);
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function quiet(fn: () => unknown): void {
  try { fn(); } catch { /* already gone */ }
}

/** 10.X.0.0/24 with X from the run id, skipping /24s this machine already uses. */
function pickSubnet(runId: string): number {
  const used = ip('-4', '-o', 'addr', 'show');
  const start = createHash('sha256').update(runId).digest()[0]! % 150;
  for (let k = 0; k < 150; k++) {
    const x = 100 + ((start + k) % 150);
    if (!used.includes(` 10.${x}.0.`)) return x;
  }
  throw new Error('no free 10.X.0.0/24 for the test bridge');
}

export async function createHosts(n: number, { runId }: { runId: string }): Promise<Hosts> {
  if (!/^[a-z0-9]{1,8}$/.test(runId)) throw new Error(`runId must be 1–8 of [a-z0-9], got ${JSON.stringify(runId)}`);
  if (n < 1 || n > 99) throw new Error('1–99 hosts');
  if (process.getuid?.() !== 0) throw new Error('network namespaces need root');
  const x = pickSubnet(runId);
  const bridge = `br${runId}`;
  const bridgeIp = `10.${x}.0.1`;
  const hosts: Host[] = Array.from({ length: n }, (_, i) => ({ name: `h${runId}-${i}`, ip: `10.${x}.0.${10 + i}`, link: `v${runId}-${i}` }));

  const destroySync = () => {
    for (const h of hosts) {
      let pids: string[] = [];
      quiet(() => { pids = ip('netns', 'pids', h.name).split(/\s+/).filter(Boolean); });
      for (const pid of pids) quiet(() => process.kill(Number(pid), 'SIGKILL'));
      quiet(() => ip('netns', 'del', h.name));
      quiet(() => ip('link', 'del', h.link));
    }
    quiet(() => ip('link', 'del', bridge));
  };
  const onExit = () => destroySync();
  process.on('exit', onExit);

  try {
    destroySync(); // leftovers of an earlier run with the same id
    ip('link', 'add', bridge, 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0');
    ip('addr', 'add', `${bridgeIp}/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (const [i, h] of hosts.entries()) {
      const peer = `e${runId}-${i}`;
      ip('netns', 'add', h.name);
      ip('link', 'add', h.link, 'type', 'veth', 'peer', 'name', peer, 'netns', h.name);
      ip('link', 'set', h.link, 'master', bridge, 'up');
      ip('-n', h.name, 'link', 'set', 'lo', 'up');
      ip('-n', h.name, 'link', 'set', peer, 'name', 'eth0');
      ip('-n', h.name, 'addr', 'add', `${h.ip}/24`, 'dev', 'eth0');
      ip('-n', h.name, 'link', 'set', 'eth0', 'up');
      ip('-n', h.name, 'route', 'add', 'default', 'via', bridgeIp);
    }
  } catch (err) {
    destroySync();
    process.off('exit', onExit);
    throw err;
  }

  const tbf = (netns: string | null, dev: string, rateMbit: number) => {
    const pre = netns ? ['-n', netns] : [];
    // burst ≥ rate/HZ and ≥ a 64 KiB GSO segment; latency bounds the queue.
    const burst = Math.max(64 * 1024, Math.ceil((rateMbit * 1e6) / 8 / 100));
    execFileSync('tc', [...pre, 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${rateMbit}mbit`, 'burst', String(burst), 'latency', '200ms']);
  };
  const untbf = (netns: string | null, dev: string) => quiet(() => execFileSync('tc', [...(netns ? ['-n', netns] : []), 'qdisc', 'del', 'dev', dev, 'root'], { stdio: 'ignore' }));

  return {
    hosts,
    bridge,
    bridgeIp,
    exec(host, cmd, args = [], opts = {}) {
      return spawn('ip', ['netns', 'exec', host.name, cmd, ...args], opts);
    },
    shape(host, limit) {
      if (!limit || !limit.rateMbit) {
        untbf(null, host.link);
        untbf(host.name, 'eth0');
        return;
      }
      tbf(null, host.link, limit.rateMbit); // towards the host
      tbf(host.name, 'eth0', limit.rateMbit); // from the host
    },
    cut(host) {
      ip('link', 'set', host.link, 'down');
    },
    heal(host) {
      ip('link', 'set', host.link, 'up');
    },
    async destroy() {
      destroySync();
      process.off('exit', onExit);
    },
  };
}

/** Namespaces (by name) and links whose name contains the run id: what destroy() must remove. */
export function leftovers(runId: string): string[] {
  const ns = ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]!).filter((s) => s.startsWith(`h${runId}-`));
  const links = ip('-o', 'link', 'show').split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '').filter((s) => s.includes(runId));
  return [...ns, ...links];
}

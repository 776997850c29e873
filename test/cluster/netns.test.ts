import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { createHosts, leftovers, newRunId, type Hosts } from './netns.js';

// A TCP sink: answers `got <bytes>` once the client half-closes. Prints `listening` when ready.
const SINK = `const net=require('net');net.createServer(s=>{let n=0;s.on('data',d=>n+=d.length);s.on('end',()=>s.end('got '+n))}).listen(+process.argv[2],process.argv[1],()=>console.log('listening'))`;
// A client: sends argv[3] bytes to argv[1]:argv[2], half-closes, prints the answer (exit 1 on error/timeout).
const SEND = `const s=require('net').connect(+process.argv[2],process.argv[1],()=>{s.end(Buffer.alloc(+process.argv[3]))});let r='';s.on('data',d=>r+=d);s.on('end',()=>{console.log(r);process.exit(0)});s.on('error',e=>{console.error(e.message);process.exit(1)});setTimeout(()=>{console.error('timeout');process.exit(1)},+process.argv[4]||10000)`;

function output(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out.trim() })));
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('listening') && resolve());
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

/** From this (root) namespace: sends `bytes`, resolves with the answer, or rejects. */
function send(host: string, port: number, bytes: number, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host, () => s.end(Buffer.alloc(bytes)));
    let r = '';
    const t = setTimeout(() => { s.destroy(); reject(new Error('timeout')); }, timeoutMs);
    s.on('data', (d) => (r += d));
    s.on('end', () => { clearTimeout(t); resolve(r); });
    s.on('error', (e) => { clearTimeout(t); reject(e); });
  });
}

/** A sink in this namespace, on `host`. */
async function rootSink(host: string): Promise<net.Server & { port: number }> {
  const srv = net.createServer((s) => { let n = 0; s.on('data', (d) => (n += d.length)); s.on('end', () => s.end(`got ${n}`)); });
  await new Promise<void>((r) => srv.listen(0, host, r));
  return Object.assign(srv, { port: (srv.address() as net.AddressInfo).port });
}

const PORT = 7000;
const MB2 = 2 * 1024 * 1024;

describe('network-namespace hosts on one bridge', () => {
  let net2: Hosts;
  const sinks: ChildProcess[] = [];

  beforeAll(async () => {
    net2 = await createHosts(2, { runId: newRunId() });
    for (const h of net2.hosts) {
      const c = net2.exec(h, process.execPath, ['-e', SINK, h.ip, String(PORT)], { stdio: ['ignore', 'pipe', 'pipe'] });
      sinks.push(c);
      await ready(c);
    }
  });
  afterAll(async () => {
    for (const c of sinks) c.kill();
    await net2?.destroy();
  });

  it('a host reaches another host, the root namespace reaches both, and a host reaches the root namespace at bridgeIp', async () => {
    const [a, b] = net2.hosts as [typeof net2.hosts[0], typeof net2.hosts[0]];
    expect(a.ip).not.toBe(b.ip);
    const fromB = await output(net2.exec(b, process.execPath, ['-e', SEND, a.ip, String(PORT), '5']));
    expect(fromB).toEqual({ code: 0, out: 'got 5' });
    expect(await send(a.ip, PORT, 3)).toBe('got 3');
    expect(await send(b.ip, PORT, 4)).toBe('got 4');
    const root = await rootSink(net2.bridgeIp);
    try {
      const toRoot = await output(net2.exec(a, process.execPath, ['-e', SEND, net2.bridgeIp, String(root.port), '6']));
      expect(toRoot).toEqual({ code: 0, out: 'got 6' });
    } finally {
      root.close();
    }
  });

  it('a cut host is unreachable (from the root namespace and from other hosts) and reachable again once healed', async () => {
    const [a, b] = net2.hosts as [typeof net2.hosts[0], typeof net2.hosts[0]];
    net2.cut(a);
    await expect(send(a.ip, PORT, 1, 1500)).rejects.toThrow();
    const fromB = await output(net2.exec(b, process.execPath, ['-e', SEND, a.ip, String(PORT), '1', '1500']));
    expect(fromB.code).toBe(1);
    net2.heal(a);
    const deadline = Date.now() + 10_000;
    let answer = '';
    while (!answer && Date.now() < deadline) answer = await send(a.ip, PORT, 2, 1000).catch(() => '');
    expect(answer).toBe('got 2');
  });

  it('a shaped link carries at most its rate, both ways: 2 MB over 8 Mbit/s take ≥ 1.5 s', async () => {
    const [a] = net2.hosts as [typeof net2.hosts[0]];
    net2.shape(a, { rateMbit: 8 });
    try {
      let t = Date.now();
      expect(await send(a.ip, PORT, MB2, 20_000)).toBe(`got ${MB2}`);
      const down = Date.now() - t;
      const root = await rootSink(net2.bridgeIp);
      t = Date.now();
      const up = await output(net2.exec(a, process.execPath, ['-e', SEND, net2.bridgeIp, String(root.port), String(MB2), '20000']));
      const upMs = Date.now() - t;
      root.close();
      expect(up).toEqual({ code: 0, out: `got ${MB2}` });
      expect(down).toBeGreaterThanOrEqual(1500);
      expect(upMs).toBeGreaterThanOrEqual(1500);
      expect(down).toBeLessThan(8000);
      // Unshaped again: the same 2 MB is fast.
      net2.shape(a, null);
      t = Date.now();
      await send(a.ip, PORT, MB2);
      expect(Date.now() - t).toBeLessThan(1000);
    } finally {
      net2.shape(a, null);
    }
  });
});

describe('destroying the hosts', () => {
  it('leaves no namespace or link behind and ends what ran inside', async () => {
    const runId = newRunId();
    const net1 = await createHosts(1, { runId });
    expect(leftovers(runId).sort()).toEqual([`br${runId}`, `h${runId}-0`, `v${runId}-0`].sort());
    const sleeper = net1.exec(net1.hosts[0]!, 'sleep', ['600']);
    const ended = new Promise((r) => sleeper.on('exit', r));
    await new Promise((r) => setTimeout(r, 100));
    await net1.destroy();
    await ended;
    expect(leftovers(runId)).toEqual([]);
  });
});

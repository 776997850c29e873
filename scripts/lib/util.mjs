// Small helpers shared by the install/start/test scripts. These scripts run before
// node_modules exists, so they use Node's standard library only.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import dgram from 'node:dgram';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where slow builds (mediasoup worker, FerretDB) are cached, outside the clone. */
export function cacheDir(...parts) {
  const base = process.env.HDND_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hdnd-paperless');
  const dir = join(base, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function step(msg) {
  process.stdout.write(`\n▶ ${msg}\n`);
}

/**
 * Runs a command; resolves on exit 0, rejects with the command's tail of output otherwise.
 * `onLine` sees every output line (used to draw progress); without it, output is inherited.
 */
export function run(cmd, args, { cwd = ROOT, env = process.env, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: onLine ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const tail = [];
    if (onLine) {
      let buf = '';
      const feed = (chunk) => {
        buf += chunk.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          tail.push(line);
          if (tail.length > 40) tail.shift();
          onLine(line);
        }
      };
      child.stdout.on('data', feed);
      child.stderr.on('data', feed);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${tail.join('\n')}`));
    });
  });
}

/** A one-line progress bar redrawn in place on a terminal, printed every 10 % otherwise. */
export function progressBar(label, total) {
  let lastPct = -1;
  return (done) => {
    const pct = Math.min(100, Math.floor((done / total) * 100));
    if (pct === lastPct) return;
    if (process.stdout.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stdout.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%  `);
      if (pct === 100) process.stdout.write('\n');
    } else if (pct % 10 === 0) {
      process.stdout.write(`  ${label} ${pct}%\n`);
    }
    lastPct = pct;
  };
}

export function waitForPort(port, host = '127.0.0.1', timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, host);
      sock.once('connect', () => { sock.destroy(); resolve(); });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// Ports handed out by this process, never handed out twice.
const issuedPorts = new Set();

function bindsFree(port) {
  return new Promise((resolve) => {
    const tcp = net.createServer();
    tcp.once('error', () => resolve(false));
    tcp.listen(port, '0.0.0.0', () => {
      const udp = dgram.createSocket('udp4');
      udp.once('error', () => { udp.close(); tcp.close(() => resolve(false)); });
      udp.bind(port, '0.0.0.0', () => udp.close(() => tcp.close(() => resolve(true))));
    });
  });
}

/**
 * A port (or `span` consecutive ports) free for TCP and UDP, below the kernel's ephemeral
 * range (32768-60999 here): a port the kernel chose for a listener a moment ago is also a
 * port it may give the next outgoing connection, and a server then cannot listen on it
 * ("address already in use", seen on CI for a media worker inside a cluster host).
 */
export async function freePort(span = 1) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20000 + Math.floor(Math.random() * (12700 - span));
    const ports = Array.from({ length: span }, (_, i) => base + i);
    if (ports.some((p) => issuedPorts.has(p))) continue;
    let free = true;
    for (const p of ports) if (!(await bindsFree(p))) { free = false; break; }
    if (!free) continue;
    for (const p of ports) issuedPorts.add(p);
    return base;
  }
  throw new Error('no free port between 20000 and 32700 after 200 attempts');
}

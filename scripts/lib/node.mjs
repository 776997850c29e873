// A maintained Node.js LTS for the product, its tests and CI. When the machine's Node is older
// than NODE_MIN (Node 20 reached its end of life in April 2026), the pinned LTS is fetched once
// from the npm registry — the package node-linux-<arch>, whose integrity npm checks against the
// registry's sha512 — into the cache, and the script that asked runs again under it, with that
// Node first on PATH so every npm, npx and child process uses it too.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, run, step } from './util.mjs';

/** The oldest Node this project runs on (pdfjs-dist 6 and vitest 5 need 22.12). */
export const NODE_MIN = [22, 12];
/** The LTS fetched when the machine's Node is older: Node 24, supported until April 2028. */
export const NODE_PINNED = '24.22.3';

export function nodeIsSupported(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > NODE_MIN[0] || (major === NODE_MIN[0] && minor >= NODE_MIN[1]);
}

/** The pinned Node's binary, fetched into the cache on first use. */
async function pinnedNode() {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    throw new Error(`Node.js ${process.versions.node} is too old: install Node.js ${NODE_MIN.join('.')} or newer (Node ${NODE_PINNED.split('.')[0]} LTS recommended).`);
  }
  const dir = cacheDir('node', `${NODE_PINNED}-${process.arch}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  step(`Fetching Node.js ${NODE_PINNED} (LTS) from the npm registry: this machine's Node.js ${process.versions.node} is past its end of life`);
  await run('npm', ['pack', `node-linux-${process.arch}@${NODE_PINNED}`, '--silent', '--loglevel=error'], { cwd: dir });
  const tarball = readdirSync(dir).find((f) => f.startsWith(`node-linux-${process.arch}-`) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-${process.arch}@${NODE_PINNED} left no tarball in ${dir}`);
  await run('tar', ['xzf', tarball], { cwd: dir });
  rmSync(join(dir, tarball));
  if (!existsSync(bin)) throw new Error(`the Node.js ${NODE_PINNED} package has no bin/node`);
  return bin;
}

/**
 * Returns when this process runs on a supported Node. Otherwise runs this same script again
 * under the pinned LTS and ends with its exit code (never returns).
 */
export async function ensureSupportedNode() {
  if (nodeIsSupported()) return;
  if (process.env.HDND_NODE_REEXEC) throw new Error(`still on Node.js ${process.versions.node} after switching to ${NODE_PINNED}`);
  const bin = await pinnedNode();
  step(`Running under Node.js ${NODE_PINNED} (${bin})`);
  const env = { ...process.env, PATH: `${dirname(bin)}:${process.env.PATH ?? ''}`, HDND_NODE_REEXEC: '1' };
  const child = spawn(bin, process.argv.slice(1), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {});
}

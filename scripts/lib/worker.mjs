// Builds the mediasoup worker from the npm tarball's own sources against the platform's
// libraries (OpenSSL 3, libuv, abseil, flatbuffers, found with pkg-config), with the source
// changes in patches/ (applied by patch-package at install), and caches the binary outside the
// clone by version + patch hash. Nothing here downloads a prebuilt worker or a meson wrap:
// meson comes from PyPI; libsrtp is compiled from Debian's own source package (see below).
import { existsSync, copyFileSync, mkdirSync, chmodSync, readFileSync, readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, cacheDir, sha256File, run, step, progressBar } from './util.mjs';

const MEDIASOUP_DIR = join(ROOT, 'node_modules', 'mediasoup');
export const WORKER_BIN = join(MEDIASOUP_DIR, 'worker', 'out', 'Release', 'mediasoup-worker');
// mediasoup's worker needs meson >= 1.1; Debian bookworm's is 1.0.1.
const MESON_VERSION = '1.12.1';

/** What the build needs from the system, and the Debian package that brings it. */
const PKG_CONFIG = [
  ['openssl', 'libssl-dev'], ['libuv', 'libuv1-dev'], ['absl_flat_hash_map', 'libabsl-dev'], ['flatbuffers', 'libflatbuffers-dev'],
];
const PROGRAMS = [
  ['pkg-config', 'pkg-config'], ['ninja', 'ninja-build'], ['flatc', 'flatbuffers-compiler'], ['gcc', 'gcc'], ['g++', 'g++'],
  ['make', 'make'], ['tar', 'tar'], ['python3', 'python3'],
];

/**
 * libsrtp 2.5.0 — the version Debian bookworm ships — from Debian's own source package, its
 * SHA-256 as in Debian's signed libsrtp2_2.5.0-3.dsc, compiled with its OpenSSL crypto backend
 * and linked statically. Debian's libsrtp2 binary uses NSS for its ciphers: in bench:media's
 * profile NSS took 31 % of the worker's CPU, and the worker used 1.2× the CPU per consumer of
 * mediasoup 3.8.4; with OpenSSL's AES-NI and SHA code it uses about 0.8×.
 */
const LIBSRTP = {
  version: '2.5.0',
  url: 'http://deb.debian.org/debian/pool/main/libs/libsrtp2/libsrtp2_2.5.0.orig.tar.gz',
  sha256: '8a43ef8e9ae2b665292591af62aa1a4ae41e468b6d98d8258f91478735da4e09',
};
/** The Debian packages the worker build needs (.ci/run installs them). */
export const WORKER_BUILD_PACKAGES = [...new Set([...PROGRAMS, ...PKG_CONFIG].map(([, pkg]) => pkg))];

const has = (cmd, args) => { try { execFileSync(cmd, args, { stdio: 'ignore' }); return true; } catch { return false; } };

function checkSystem() {
  const missing = PROGRAMS.filter(([prog]) => !has('sh', ['-c', `command -v ${prog}`])).map(([, pkg]) => pkg);
  if (!missing.includes('pkg-config')) missing.push(...PKG_CONFIG.filter(([mod]) => !has('pkg-config', ['--exists', mod])).map(([, pkg]) => pkg));
  else missing.push(...PKG_CONFIG.map(([, pkg]) => pkg));
  if (missing.length > 0) {
    throw new Error(`The mediasoup worker is built against the system's libraries, and these Debian packages are missing:\n  sudo apt-get install -y ${[...new Set(missing)].join(' ')}`);
  }
}

/** meson from PyPI into the cache (pip --target: no virtualenv, nothing system-wide). */
async function ensureMeson() {
  const dir = cacheDir('meson', MESON_VERSION);
  const script = join(dir, 'bin', 'meson');
  if (!existsSync(script)) {
    step(`Fetching meson ${MESON_VERSION} from PyPI (the worker's build system; Debian's is too old)`);
    rmSync(dir, { recursive: true, force: true });
    await run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--root-user-action=ignore', '--target', dir, `meson==${MESON_VERSION}`]);
  }
  return { script, env: { ...process.env, PYTHONPATH: dir } };
}

/** libsrtp built into the cache; returns its pkg-config directory. */
async function ensureLibsrtp() {
  const prefix = cacheDir('libsrtp', `${LIBSRTP.version}-openssl`);
  const pc = join(prefix, 'lib', 'pkgconfig');
  if (existsSync(join(prefix, 'lib', 'libsrtp2.a')) && existsSync(join(pc, 'libsrtp2.pc'))) return pc;
  step(`Building libsrtp ${LIBSRTP.version} (Debian's source, OpenSSL crypto; a few seconds, cached)`);
  const res = await fetch(LIBSRTP.url);
  if (!res.ok) throw new Error(`libsrtp source: ${LIBSRTP.url} answered ${res.status}`);
  const tarball = Buffer.from(await res.arrayBuffer());
  const got = createHash('sha256').update(tarball).digest('hex');
  if (got !== LIBSRTP.sha256) throw new Error(`libsrtp source: SHA-256 ${got} is not Debian's ${LIBSRTP.sha256}; refusing to build it`);
  const work = mkdtempSync(join(tmpdir(), 'hdnd-libsrtp-'));
  try {
    writeFileSync(join(work, 'src.tar.gz'), tarball);
    await run('tar', ['xzf', 'src.tar.gz'], { cwd: work, onLine: () => {} });
    const src = join(work, `libsrtp-${LIBSRTP.version}`);
    const quiet = { cwd: src, onLine: () => {} };
    await run('./configure', [`--prefix=${prefix}`, '--enable-openssl', 'CFLAGS=-O2 -fPIC'], quiet);
    await run('make', [`-j${Math.max(1, cpus().length)}`, 'libsrtp2.a'], quiet);
    await run('make', ['install'], quiet);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return pc;
}

export async function ensureMediasoupWorker() {
  const version = JSON.parse(readFileSync(join(MEDIASOUP_DIR, 'package.json'), 'utf8')).version;
  const patch = join(ROOT, 'patches', `mediasoup+${version}.patch`);
  if (!existsSync(patch)) throw new Error(`patches/mediasoup+${version}.patch is missing: the worker of mediasoup ${version} cannot be built against the system's libraries without it`);
  const key = `mediasoup-worker-${version}-${createHash('sha256').update(readFileSync(patch)).update(`srtp-${LIBSRTP.version}-openssl`).digest('hex').slice(0, 12)}`;
  const cached = join(cacheDir('mediasoup'), key);
  if (existsSync(WORKER_BIN) && existsSync(cached) && sha256File(WORKER_BIN) === sha256File(cached)) return WORKER_BIN;
  if (existsSync(cached)) {
    mkdirSync(join(WORKER_BIN, '..'), { recursive: true });
    copyFileSync(cached, WORKER_BIN);
    chmodSync(WORKER_BIN, 0o755);
    console.log(`  mediasoup worker ${version} taken from the cache (${cached})`);
    return WORKER_BIN;
  }
  checkSystem();
  const meson = await ensureMeson();
  const srtpPc = await ensureLibsrtp();
  meson.env.PKG_CONFIG_PATH = [srtpPc, process.env.PKG_CONFIG_PATH].filter(Boolean).join(':');
  step(`Building the mediasoup ${version} worker against the system's OpenSSL, libuv and abseil (about 6–8 minutes on 2 cores, done once and cached)`);
  const build = cacheDir('mediasoup', `build-${key}`);
  const started = Date.now();
  if (!existsSync(join(build, 'build.ninja'))) {
    rmSync(build, { recursive: true, force: true });
    await run('python3', [meson.script, 'setup', '--wrap-mode=nodownload', '--buildtype=release', '-Db_ndebug=true', build], {
      cwd: join(MEDIASOUP_DIR, 'worker'), env: meson.env,
      onLine: (line) => { if (/^(Run-time dependency|Program flatc)/.test(line)) console.log(`  ${line}`); },
    });
  }
  let bar = null;
  await run('ninja', ['-C', build, `-j${Math.max(1, cpus().length)}`, 'mediasoup-worker'], {
    env: meson.env,
    onLine: (line) => {
      const m = /^\[(\d+)\/(\d+)\]/.exec(line);
      if (!m) return;
      bar ??= progressBar('mediasoup-worker', Number(m[2]));
      bar(Number(m[1]));
    },
  });
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s; links ${linkedLibraries(join(build, 'mediasoup-worker'))}`);
  mkdirSync(join(WORKER_BIN, '..'), { recursive: true });
  copyFileSync(join(build, 'mediasoup-worker'), cached);
  copyFileSync(cached, WORKER_BIN);
  chmodSync(WORKER_BIN, 0o755);
  rmSync(build, { recursive: true, force: true });
  return WORKER_BIN;
}

/** The shared libraries a binary links (ldd), short names: what security updates reach. */
export function linkedLibraries(bin) {
  try {
    const out = execFileSync('ldd', [bin], { encoding: 'utf8' });
    return out.split('\n').map((l) => l.trim().split(' ')[0]).filter((n) => /^(libssl|libcrypto|libuv|libsrtp2|libabsl_hash|libflatbuffers)/.test(n)).join(', ');
  } catch {
    return '(ldd unavailable)';
  }
}

/** Other cached worker builds (older versions), e.g. for bench:media's side-by-side figures. */
export function cachedWorkers() {
  const dir = cacheDir('mediasoup');
  return readdirSync(dir).filter((f) => /^mediasoup-worker-\d+\.\d+\.\d+-[0-9a-f]+$/.test(f)).map((f) => ({ version: f.split('-')[2], path: join(dir, f) }));
}

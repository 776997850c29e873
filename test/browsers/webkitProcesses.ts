import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/lib/util.mjs';

/**
 * The processes WebKit needs here: an X server (WebKitGTK's MiniBrowser draws to one;
 * without it, creating a session hangs) and one WebKitWebDriver per window (it drives a
 * single session). Each starts in a process group of its own, so stopping it also ends the
 * MiniBrowser and web processes it started; whatever is still running when the test
 * process exits (a failed or interrupted run) is ended then.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export interface Running { stop(): Promise<void> }

function track(child: ChildProcess): Running {
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      signalGroup(child, 'SIGTERM');
      const late = setTimeout(() => signalGroup(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(late);
      // The group may outlive its leader for a moment: end what is left.
      signalGroup(child, 'SIGKILL');
      running.delete(child);
    },
  };
}

/** Xvfb on a free display it picks itself (-displayfd: no race with other X servers on the machine). */
export async function startXvfb(): Promise<Running & { display: string }> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '2560x1600x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  const proc = track(child);
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    child.stdio[3]!.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`));
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${errors.slice(-500)}`)));
  });
  return { ...proc, display };
}

/** A WebKitWebDriver on a free port of this machine, ready for a session; its base URL. */
export async function startWebKitDriver(display: string): Promise<Running & { base: string }> {
  const port = await freePort();
  const child = spawn('WebKitWebDriver', [`--port=${port}`], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore', detached: true });
  const proc = track(child);
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  for (;;) {
    const ready = await fetch(`${base}/status`).then((r) => r.json() as Promise<{ value?: { ready?: boolean } }>, () => null);
    if (ready?.value?.ready) return { ...proc, base };
    if (child.exitCode !== null || Date.now() > until) {
      await proc.stop();
      throw new Error(`WebKitWebDriver on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

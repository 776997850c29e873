import { spawn, type ChildProcess } from 'node:child_process';
import { TypedEmitter } from '../TypedEmitter.js';

export type SupervisorEvents = {
  /** ffmpeg started (run 1, 2, …); `pid` for CPU readings. */
  spawned: [run: number, pid: number];
  /** ffmpeg ended without being asked to: restarted after `retryInMs`. */
  died: [code: number | null, signal: string | null, stderrTail: string, retryInMs: number];
  /** The binary cannot be run at all (ENOENT, EACCES): no retry. */
  unavailable: [reason: string];
};

const TAIL_LINES = 15;

/**
 * Keeps one ffmpeg process running: restarted with a growing delay (0.5 s, 1 s, 2 s … 15 s;
 * back to 0.5 s after a run of a minute) when it dies; `restart()` replaces it at once (new
 * arguments); `stop()` asks it to finish (SIGTERM: it closes its files) and kills it after
 * `killAfterMs`.
 */
export class FfmpegSupervisor extends TypedEmitter<SupervisorEvents> {
  readonly #bin: string;
  readonly #args: (run: number) => string[];
  #child: ChildProcess | null = null;
  #run = 0;
  #failures = 0;
  #retry: NodeJS.Timeout | null = null;
  #stopped = false;
  #tail: string[] = [];

  constructor(bin: string, args: (run: number) => string[]) {
    super();
    this.#bin = bin;
    this.#args = args;
  }

  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  start(): void {
    if (this.#stopped || this.#child || this.#retry) return;
    this.#spawn();
  }

  #spawn(): void {
    this.#retry = null;
    if (this.#stopped) return;
    this.#run += 1;
    const run = this.#run;
    const startedAt = Date.now();
    const child = spawn(this.#bin, this.#args(run), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child = child;
    this.#tail = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#tail.push(...chunk.split('\n').filter(Boolean));
      if (this.#tail.length > TAIL_LINES) this.#tail.splice(0, this.#tail.length - TAIL_LINES);
    });
    child.once('spawn', () => this.emit('spawned', run, child.pid!));
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (this.#child !== child) return;
      this.#child = null;
      if (err.code === 'ENOENT' || err.code === 'EACCES') {
        this.#stopped = true;
        this.emit('unavailable', err.code === 'ENOENT' ? 'ffmpeg not found' : `ffmpeg cannot be run: ${err.message}`);
      } else this.#scheduleRetry(null, null, startedAt);
    });
    child.once('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = null;
      if (!this.#stopped) this.#scheduleRetry(code, signal, startedAt);
    });
  }

  #scheduleRetry(code: number | null, signal: string | null, startedAt: number): void {
    if (Date.now() - startedAt > 60_000) this.#failures = 0;
    const delay = Math.min(15_000, 500 * 2 ** this.#failures);
    this.#failures += 1;
    this.emit('died', code, signal, this.#tail.join('\n'), delay);
    this.#retry = setTimeout(() => this.#spawn(), delay);
  }

  /** Replaces the running ffmpeg at once (e.g. its SDP changed). */
  async restart(): Promise<void> {
    if (this.#stopped) return;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    const old = this.#child;
    this.#child = null;
    // Its input has usually just changed or stopped: it will not finish by itself.
    if (old) await endProcess(old, 300);
    if (!this.#stopped) this.#spawn();
  }

  /** Stops for good; resolves once ffmpeg has exited. */
  async stop(killAfterMs = 2000): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    const child = this.#child;
    this.#child = null;
    if (child) await endProcess(child, killAfterMs);
  }
}

/** SIGTERM (ffmpeg finishes its files; SIGINT may be ignored when started in the background), then SIGKILL; resolves on exit. */
function endProcess(child: ChildProcess, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
}

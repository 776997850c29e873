// Keeps the server running for `npm start`: a server that dies (a crash, the kernel's OOM
// killer, `kill -9`) is started again after a pause that doubles with each quick failure.
// Standard library only, like the other scripts.

/** Exit code of a server that refused its settings: starting it again cannot help. */
export const CONFIG_ERROR_EXIT = 2;

/**
 * Runs `start()` (which spawns the child) and starts it again whenever it exits without
 * `stop()` having been asked: after `initialMs`, doubling up to `maxMs`; a child that ran at
 * least `resetAfterMs` counts as healthy and the pause starts over. Every restart is said in
 * `say`. Resolves with the last exit code once stopped, or when the child exits with
 * CONFIG_ERROR_EXIT.
 */
export function supervise({ start, say = (line) => console.error(line), initialMs = 1_000, maxMs = 30_000, resetAfterMs = 60_000 }) {
  let child = null;
  let stopping = false;
  let pauseMs = initialMs;
  let restarts = 0;
  let timer = null;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });

  const launch = () => {
    timer = null;
    const startedAt = Date.now();
    child = start();
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) return finish(code ?? 0);
      if (code === CONFIG_ERROR_EXIT) {
        say('✘ The server refused its settings (see above); not restarting it.');
        return finish(code);
      }
      if (Date.now() - startedAt >= resetAfterMs) pauseMs = initialMs;
      restarts += 1;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      say(`✘ The server stopped unexpectedly: it ${how}. Starting it again in ${(pauseMs / 1000).toFixed(pauseMs < 1000 ? 1 : 0)} s (restart ${restarts}).`);
      timer = setTimeout(launch, pauseMs);
      pauseMs = Math.min(maxMs, pauseMs * 2);
    });
  };
  launch();

  return {
    done,
    /** The running child, if any. */
    get child() { return child; },
    get restarts() { return restarts; },
    /** Stops for good: passes `signal` to the child, and starts nothing again. */
    stop(signal = 'SIGTERM') {
      stopping = true;
      if (timer) { clearTimeout(timer); timer = null; finish(0); }
      child?.kill(signal);
    },
  };
}

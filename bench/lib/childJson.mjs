// Runs a benchmark script as a child process, passing its output through, and resolves with
// its last line parsed as JSON (the figures every bench script prints last).
import { spawn } from 'node:child_process';

/**
 * Splits a stream of text chunks into lines. A chunk may end in the middle of a line or
 * exactly at its end; a line is only complete once its '\n' has arrived, so a line is never
 * joined to the next one whatever the chunking.
 */
export function lineSplitter() {
  let partial = '';
  return {
    /** The lines this chunk completes. */
    push(chunk) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      return parts.map((l) => l.replace(/\r$/, ''));
    },
    /** What is left after the last '\n' (a last line printed without one). */
    end() {
      const rest = partial.replace(/\r$/, '');
      partial = '';
      return rest ? [rest] : [];
    },
  };
}

/** The last non-blank line of `lines`, parsed as JSON; throws naming the script otherwise. */
export function lastJson(script, lines) {
  const last = [...lines].reverse().find((l) => l.trim()) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${script}: last line is not JSON: ${last.slice(0, 500)}`);
  }
}

/**
 * Runs `node <script>` from `cwd`, echoing its stdout, and resolves with its last JSON line.
 * `opts`: `nodeArgs` before the script (`--import tsx`), `env`, `echo(line)` to print each
 * line some other way than as is, `stderrTail` to keep stderr for the error message instead of
 * passing it through, `started(child)` to hold the child (to kill it on a cleanup).
 */
export function runBenchScript(script, cwd, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script], { cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', opts.stderrTail ? 'pipe' : 'inherit'] });
    opts.started?.(child);
    const splitter = lineSplitter();
    let lastLine = '';
    let errTail = '';
    const keep = (lines) => {
      for (const l of lines) {
        if (!l.trim()) continue;
        lastLine = l;
        opts.echo?.(l);
      }
    };
    child.stdout.setEncoding('utf8'); // a multi-byte character split across chunks stays whole
    child.stdout.on('data', (chunk) => {
      if (!opts.echo) process.stdout.write(chunk);
      keep(splitter.push(chunk));
    });
    child.stderr?.on('data', (c) => { errTail = (errTail + c.toString()).slice(-3000); });
    child.on('error', reject);
    // 'close', not 'exit': by then every byte of stdout has been read.
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code ?? signal}${errTail ? `: ${errTail}` : ''}`));
      keep(splitter.end());
      try { resolve(lastJson(script, [lastLine])); } catch (err) { reject(err); }
    });
  });
}

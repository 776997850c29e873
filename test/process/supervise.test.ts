import { spawn } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { supervise, CONFIG_ERROR_EXIT } from '../../scripts/lib/supervise.mjs';

/**
 * Issue 11, defect 1: "`npm start` restarts a server that dies (with backoff, and says so)".
 * scripts/start.mjs runs the server under this supervisor; these tests give it real child
 * processes that die in each way a server can.
 */
const node = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });

describe('npm start keeps the server running', () => {
  it('starts a server that keeps dying again each time, saying so, with a pause that doubles up to its ceiling', async () => {
    const said: string[] = [];
    const s = supervise({ start: node('process.exit(1)'), say: (l) => said.push(l), initialMs: 100, maxMs: 400 });
    await expect.poll(() => s.restarts, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    s.stop();
    await s.done;
    expect(said[0]).toMatch(/The server stopped unexpectedly: it exited with code 1\. Starting it again in 0\.1 s \(restart 1\)/);
    const pauses = said.slice(0, 5).map((l) => /again in ([\d.]+) s/.exec(l)![1]);
    expect(pauses).toEqual(['0.1', '0.2', '0.4', '0.4', '0.4']);
  });

  it('starts a server killed outright (SIGKILL) again: a new process runs in its place', async () => {
    const said: string[] = [];
    const pids: number[] = [];
    const s = supervise({
      start: () => {
        const child = node('console.log(process.pid); setInterval(() => {}, 1000)')();
        child.stdout!.on('data', (c) => pids.push(Number(String(c).trim())));
        return child;
      },
      say: (l) => said.push(l),
      initialMs: 100,
    });
    await expect.poll(() => pids.length).toBe(1);
    process.kill(pids[0]!, 'SIGKILL');
    await expect.poll(() => pids.length, { timeout: 5_000 }).toBe(2);
    expect(pids[1]).not.toBe(pids[0]);
    expect(said).toEqual([expect.stringMatching(/it was killed \(SIGKILL\)\. Starting it again in 0\.1 s \(restart 1\)/)]);
    process.kill(pids[1]!, 0); // the new server is alive
    s.stop();
    expect(await s.done).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(pids).toHaveLength(2); // stopping starts nothing again
  });

  it('does not restart a server that refused its settings: a restart cannot fix a bad setting', async () => {
    const said: string[] = [];
    const s = supervise({ start: node(`process.exit(${CONFIG_ERROR_EXIT})`), say: (l) => said.push(l), initialMs: 50 });
    expect(await s.done).toBe(CONFIG_ERROR_EXIT);
    expect(s.restarts).toBe(0);
    expect(said).toEqual([expect.stringMatching(/refused its settings.*not restarting/)]);
  });

  it('starts nothing again when asked to stop during the pause before a restart', async () => {
    let starts = 0;
    const s = supervise({ start: () => { starts++; return node('process.exit(3)')(); }, say: () => {}, initialMs: 2_000 });
    await expect.poll(() => s.restarts).toBe(1);
    s.stop();
    expect(await s.done).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(starts).toBe(1);
  });
});

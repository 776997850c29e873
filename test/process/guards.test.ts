import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { ROOT } from '../helpers/serverProcess.js';

/**
 * Issue 11, defect 1: "No uncaughtException/unhandledRejection can end the process from a
 * request path." A real Node process with the server's guards installed (as main.ts does)
 * throws from a timer and leaves a rejection unhandled; it must log both and go on.
 */
function runScript(body: string): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hdnd-guard-'));
  const file = join(dir, 'script.mts');
  writeFileSync(file, body);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('exit', (code) => { rmSync(dir, { recursive: true, force: true }); resolve({ code, out }); });
  });
}

describe('the server process outlives errors that escape every handler', () => {
  it('logs an exception thrown from a callback and a rejection nobody handled, at error level, and keeps running', async () => {
    const { code, out } = await runScript(`
      import { createLogger } from '${join(ROOT, 'server/src/platform/log.ts')}';
      import { installProcessGuards } from '${join(ROOT, 'server/src/platform/processGuards.ts')}';
      installProcessGuards(createLogger('info'));
      setTimeout(() => { throw new Error('thrown from a stray callback'); }, 10);
      setTimeout(() => { void Promise.reject(new Error('rejected and forgotten')); }, 20);
      setTimeout(() => { console.log('STILL SERVING'); process.exit(0); }, 300);
    `);
    expect(out).toContain('STILL SERVING');
    expect(code).toBe(0);
    const logged = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
    expect(logged).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 50, msg: expect.stringContaining('escaped every handler'), err: expect.objectContaining({ message: 'thrown from a stray callback' }) }),
      expect.objectContaining({ level: 50, msg: expect.stringContaining('not handled'), err: expect.objectContaining({ message: 'rejected and forgotten' }) }),
    ]));
  });

  it('without the guards the same script ends at the first stray throw (what the guards prevent)', async () => {
    const { code, out } = await runScript(`
      setTimeout(() => { throw new Error('thrown from a stray callback'); }, 10);
      setTimeout(() => { console.log('STILL SERVING'); process.exit(0); }, 300);
    `);
    expect(out).not.toContain('STILL SERVING');
    expect(code).not.toBe(0);
  });
});

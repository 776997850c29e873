// bench:public: the helper processes (replayer, viewers, portal load) run as children of
// their own (`node --import tsx <script>`), their stderr passed through; each prints one JSON
// line last, which is what the parent keeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { lineSplitter, lastJson } from '../lib/childJson.mjs';
import { ROOT } from '../../test/helpers/serverProcess.js';

export interface Child { proc: ChildProcess; result: Promise<unknown> }

export function runChild(script: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const split = lineSplitter();
  const lines: string[] = [];
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => lines.push(...split.push(chunk)));
  const result = new Promise<unknown>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      lines.push(...split.end());
      if (code !== 0) return reject(new Error(`${script} exited with ${code ?? signal}: ${lines.slice(-5).join('\n')}`));
      try { resolve(lastJson(script, lines)); } catch (err) { reject(err as Error); }
    });
  });
  return { proc, result };
}

import type { ChildProcess } from 'node:child_process';

export const CONFIG_ERROR_EXIT: 2;

export interface Supervised {
  readonly done: Promise<number>;
  readonly child: ChildProcess | null;
  readonly restarts: number;
  stop(signal?: NodeJS.Signals): void;
}

export function supervise(opts: {
  start: () => ChildProcess;
  say?: (line: string) => void;
  initialMs?: number;
  maxMs?: number;
  resetAfterMs?: number;
}): Supervised;

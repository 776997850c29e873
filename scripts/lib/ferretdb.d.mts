import type { ChildProcess } from 'node:child_process';
export const FERRETDB_VERSION: string;
export function ensureFerretDB(): Promise<string>;
export function startFerretDB(opts: { dataDir: string; port: number; bin: string }): Promise<ChildProcess>;

export const WORKER_BIN: string;
export const WORKER_BUILD_PACKAGES: string[];
export function ensureMediasoupWorker(): Promise<string>;
export function linkedLibraries(bin: string): string;
export function cachedWorkers(): Array<{ version: string; path: string }>;

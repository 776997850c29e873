export const ROOT: string;
export function cacheDir(...parts: string[]): string;
export function freePort(): Promise<number>;
export function waitForPort(port: number, host?: string, timeoutMs?: number): Promise<void>;

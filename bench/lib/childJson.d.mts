export function lineSplitter(): { push(chunk: string): string[]; end(): string[] };
export function lastJson(script: string, lines: readonly string[]): unknown;
export function runBenchScript(script: string, cwd: string): Promise<any>;

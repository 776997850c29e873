export function lineSplitter(): { push(chunk: string): string[]; end(): string[] };
export function lastJson(script: string, lines: readonly string[]): unknown;
export function runBenchScript(script: string, cwd: string, opts?: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; echo?: (line: string) => void; stderrTail?: boolean; started?: (child: import('node:child_process').ChildProcess) => void }): Promise<any>;

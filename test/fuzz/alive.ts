import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../server/src/platform/log.js';
import type { ClientSocket } from '../helpers/sockets.js';
import type { TestServer } from '../helpers/testServer.js';
import { emitterOf } from '../helpers/acks.js';

/**
 * The server's log, kept to see what went down as an error (level ≥ 50: an unhandled error,
 * a failed socket command, a background task that threw) while answering the fuzz.
 */
export class LogWatch {
  readonly #lines: string[] = [];
  #read = 0;
  readonly log: Logger = createLogger('warn', new Writable({ write: (chunk, _enc, cb) => { this.#lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } }));
  /** Error entries written since the last call, shortened. */
  errorsSinceLastLook(): string[] {
    const fresh = this.#lines.slice(this.#read);
    this.#read = this.#lines.length;
    return fresh.map((l) => JSON.parse(l) as { level: number; msg?: string; err?: { type?: string; message?: string }; path?: string })
      .filter((e) => e.level >= 50)
      .map((e) => `${e.msg ?? ''}${e.path ? ` (${e.path})` : ''}: ${e.err?.type ?? ''} ${String(e.err?.message ?? '').slice(0, 160)}`);
  }
}

/**
 * "The server stays up": after each batch the process answers /healthz and /readyz, an
 * existing socket still gets an acknowledgement, nothing went down in the log as an error,
 * and nothing polluted Object.prototype (the server runs in this very process, so a
 * `__proto__` payload that reached a merge would show).
 */
export async function aliveProblems(server: TestServer, socket: ClientSocket, logs?: LogWatch): Promise<string[]> {
  const problems: string[] = [];
  for (const path of ['/healthz', '/readyz']) {
    const res = await fetch(server.url + path).catch((err: Error) => ({ status: `no answer (${err.message})` }));
    if (res.status !== 200) problems.push(`GET ${path} answered ${res.status} after the batch`);
  }
  if (!socket.connected) problems.push('the watching socket was disconnected during the batch');
  else {
    const ack = await Promise.race([emitterOf(socket)('me:get', {}), new Promise((r) => setTimeout(() => r(null), 10_000))]) as { ok?: boolean } | null;
    if (!ack?.ok) problems.push(`me:get on an existing socket answered ${JSON.stringify(ack)} after the batch`);
  }
  const probe = {} as Record<string, unknown>;
  for (const key of ['fuzzPolluted', 'isAdmin', 'roles']) {
    if (probe[key] !== undefined) problems.push(`Object.prototype.${key} was polluted: ${JSON.stringify(probe[key])}`);
  }
  for (const e of logs?.errorsSinceLastLook() ?? []) problems.push(`logged as an error: ${e}`);
  return problems;
}

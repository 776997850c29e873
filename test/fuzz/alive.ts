import type { ClientSocket } from '../helpers/sockets.js';
import type { TestServer } from '../helpers/testServer.js';
import { emitterOf } from '../helpers/acks.js';

/**
 * "The server stays up": after each batch the process answers /healthz and /readyz, an
 * existing socket still gets an acknowledgement, and nothing polluted Object.prototype (the
 * server runs in this very process, so a `__proto__` payload that reached a merge would show).
 */
export async function aliveProblems(server: TestServer, socket: ClientSocket): Promise<string[]> {
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
  return problems;
}

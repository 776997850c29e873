import type { Ack } from '../../contract/errors.js';
import { connectClient } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Emitter = { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };

/**
 * A client of a cluster as a load balancer would place it: connected to one server; when that
 * server goes away, connected to the next one alive (websocket only, so no sticky sessions
 * are needed), and `onConnect` runs again there (re-join the sitting: the resync).
 */
export class FailoverClient {
  socket: ClientSocket | null = null;
  #closed = false;
  #connecting: Promise<ClientSocket> | null = null;
  /** When the connection was lost last, and when the client was back (onConnect done). */
  lostAt = 0;
  backAt = 0;
  connectedAt = 0;

  constructor(private readonly urls: () => string[], private readonly cookie: string, private index: number, private readonly onConnect: (s: ClientSocket) => Promise<void> = async () => {}) {}

  current(): Promise<ClientSocket> {
    if (this.socket?.connected) return Promise.resolve(this.socket);
    return (this.#connecting ??= this.#connect().finally(() => { this.#connecting = null; }));
  }

  async #connect(): Promise<ClientSocket> {
    for (let tries = 0; !this.#closed; tries++) {
      const urls = this.urls();
      const url = urls[this.index % urls.length]!;
      try {
        const s = await connectClient(url, this.cookie, { reconnection: false, timeout: 3000 });
        s.on('disconnect', (reason) => {
          if (reason === 'io client disconnect' || this.socket !== s) return;
          this.socket = null;
          this.lostAt = Date.now();
          this.index++;
          void this.current().catch(() => undefined);
        });
        this.connectedAt = Date.now();
        await this.onConnect(s);
        this.socket = s;
        if (this.lostAt) this.backAt = Date.now();
        return s;
      } catch {
        this.index++;
        await sleep(Math.min(100 * (tries + 1), 500));
      }
    }
    throw new Error('closed');
  }

  /**
   * Sends until answered: a lost connection or no answer in time sends the same payload again
   * (on the next server); `not_ready` (a sitting changing owner) waits and sends again.
   */
  async call<T>(event: string, payload: unknown, timeoutMs = 3000, deadlineMs = 60_000): Promise<Ack<T>> {
    const end = Date.now() + deadlineMs;
    // What each try got, for the message when none was answered: which server, and what.
    const tries: string[] = [];
    for (;;) {
      if (Date.now() > end) throw new Error(`${event}: no answer within ${deadlineMs} ms; ${tries.length} tries, the last: ${tries.slice(-5).join('; ')}`);
      let res: Ack<T> | null = null;
      const serverNow = () => this.urls()[this.index % Math.max(1, this.urls().length)];
      let url = serverNow();
      try {
        const s = await this.current();
        url = serverNow();
        res = (await (s as unknown as Emitter).timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
        if (!res.ok) tries.push(`${url}: ${res.error}`);
      } catch (err) {
        tries.push(`${url}: ${(err as Error).message}`);
      }
      if (res && (res.ok || res.error !== 'not_ready')) return res;
      await sleep(res ? 300 : 100);
    }
  }

  close(): void {
    this.#closed = true;
    this.socket?.close();
  }
}

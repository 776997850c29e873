import type { Ack } from '../../contract/errors.js';
import { connectClient } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Emitter = { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };

/**
 * Where a group of clients' connections go, as a load balancer in front of a cluster of
 * websocket servers places them (HAProxy's `balance leastconn`): to the live server with the
 * fewest of the group's connections, counted from the moment one is chosen, so clients
 * reconnecting together spread instead of following each other; ties go in order. A server
 * restarted empty fills up again with the next reconnections. Without it, each client went to
 * the next server in its own round: after a few kills all 500 were on one server, and a kill
 * moved them all at once.
 */
export class LeastConnections {
  readonly #count = new Map<string, number>();

  /** The server for the next connection, not `avoid` (the one just refused) while another is alive. */
  choose(urls: string[], avoid = ''): string {
    const pool = urls.length > 1 ? urls.filter((u) => u !== avoid) : urls;
    let best = pool[0]!;
    for (const u of pool) if ((this.#count.get(u) ?? 0) < (this.#count.get(best) ?? 0)) best = u;
    this.#count.set(best, (this.#count.get(best) ?? 0) + 1);
    return best;
  }

  /** A connection to `url` ended (or never came about). */
  release(url: string): void {
    if (url) this.#count.set(url, Math.max(0, (this.#count.get(url) ?? 1) - 1));
  }
}

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
  /** The server this client is connected to now ('' while it is not). */
  url = '';

  constructor(private readonly urls: () => string[], private readonly cookie: string, private index: number, private readonly onConnect: (s: ClientSocket) => Promise<void> = async () => {}, private readonly balancer?: LeastConnections) {}

  current(): Promise<ClientSocket> {
    if (this.socket?.connected) return Promise.resolve(this.socket);
    return (this.#connecting ??= this.#connect().finally(() => { this.#connecting = null; }));
  }

  async #connect(): Promise<ClientSocket> {
    let failed = '';
    for (let tries = 0; !this.#closed; tries++) {
      const urls = this.urls();
      const url = this.balancer ? this.balancer.choose(urls, failed) : urls[this.index % urls.length]!;
      let s: ClientSocket | null = null;
      try {
        s = await connectClient(url, this.cookie, { reconnection: false, timeout: 3000 });
        const mine = s;
        mine.on('disconnect', (reason) => {
          if (reason === 'io client disconnect' || this.socket !== mine) return;
          this.socket = null;
          this.balancer?.release(this.url);
          this.url = '';
          this.lostAt = Date.now();
          this.index++;
          void this.current().catch(() => undefined);
        });
        this.connectedAt = Date.now();
        await this.onConnect(mine);
        this.socket = mine;
        this.url = url;
        if (this.lostAt) this.backAt = Date.now();
        return mine;
      } catch {
        s?.close();
        this.balancer?.release(url);
        failed = url;
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
      const serverNow = () => this.url || this.urls()[this.index % Math.max(1, this.urls().length)];
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
    this.balancer?.release(this.url);
    this.url = '';
    this.socket?.close();
  }
}

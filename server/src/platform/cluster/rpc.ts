import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ErrorBody } from '../../../../contract/errors.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * Requests from one server process to another over Redis pub/sub: a command reaching a process
 * that does not own its sitting is handed to the owner and its answer handed back. Pub/sub
 * keeps nothing, so a request to a process that is gone is answered at once (no subscriber
 * heard it) or after the timeout, always with `not_ready` — the client resends with the same
 * command id, which the owner recognises (commands are idempotent), so a lost answer never
 * applies anything twice.
 */
export const rpcChannel = (nodeId: string) => `hdnd:rpc:${nodeId}`;

type Request = { t: 'req'; id: string; from: string; method: string; payload: unknown };
type Response = { t: 'res'; id: string; ok: true; data: unknown } | { t: 'res'; id: string; ok: false; error: ErrorBody | null };
type Handler = (payload: unknown) => Promise<unknown>;

export const unavailable = () => new AppError('not_ready', 'Máy chủ đang chuyển giao phiên họp, vui lòng thử lại. / The server is handing this sitting over; please retry.', { retryAfterSeconds: 1 });

export class Rpc {
  readonly #handlers = new Map<string, Handler>();
  readonly #waiting = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void; timer: NodeJS.Timeout }>();

  constructor(private readonly pub: Redis, readonly nodeId: string, private readonly log: Logger) {}

  handle(method: string, fn: Handler): void {
    this.#handlers.set(method, fn);
  }

  /** Sends `method(payload)` to `nodeId` and resolves with its answer (an AppError rethrown as such). */
  async call(nodeId: string, method: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => { this.#waiting.delete(id); reject(unavailable()); }, timeoutMs);
      this.#waiting.set(id, { resolve, reject, timer });
    });
    const req: Request = { t: 'req', id, from: this.nodeId, method, payload };
    let heard = 0;
    try {
      heard = await this.pub.publish(rpcChannel(nodeId), JSON.stringify(req));
    } catch { /* Redis away: answered as unavailable below */ }
    if (heard === 0) this.#settle(id, (w) => w.reject(unavailable()));
    return answer;
  }

  /** A message on this process's channel (wired by the cluster's subscriber connection). */
  receive(raw: string): void {
    let msg: Request | Response;
    try { msg = JSON.parse(raw) as Request | Response; } catch { return; }
    if (msg.t === 'res') {
      const m = msg;
      this.#settle(m.id, (w) => (m.ok ? w.resolve(m.data) : w.reject(m.error ? new AppError(m.error.error, m.error.message, { ...(m.error.issues ? { issues: m.error.issues } : {}), ...(m.error.retryAfterSeconds !== undefined ? { retryAfterSeconds: m.error.retryAfterSeconds } : {}) }) : new Error('remote command failed'))));
      return;
    }
    void this.#serve(msg);
  }

  async #serve(req: Request): Promise<void> {
    let res: Response;
    const fn = this.#handlers.get(req.method);
    try {
      if (!fn) throw new Error(`no handler for ${req.method}`);
      res = { t: 'res', id: req.id, ok: true, data: await fn(req.payload) };
    } catch (err) {
      if (!(err instanceof AppError)) this.log.error({ err, method: req.method }, 'cluster: a forwarded command failed');
      res = { t: 'res', id: req.id, ok: false, error: err instanceof AppError ? err.toBody() : null };
    }
    await this.pub.publish(rpcChannel(req.from), JSON.stringify(res)).catch(() => undefined);
  }

  #settle(id: string, f: (w: { resolve(v: unknown): void; reject(e: unknown): void }) => void): void {
    const w = this.#waiting.get(id);
    if (!w) return;
    this.#waiting.delete(id);
    clearTimeout(w.timer);
    f(w);
  }

  close(): void {
    for (const id of [...this.#waiting.keys()]) this.#settle(id, (w) => w.reject(unavailable()));
  }
}

import type { Logger } from './log.js';

type Subscriber<P> = (payload: P) => unknown;

/**
 * A typed, in-process domain-event bus. A domain publishes an event once its change is
 * durable (written, or the compare-and-swap won); subscribers, wired in the composition root
 * (app/), do what follows: the socket broadcasts, the briefing's floor, and later a public
 * portal or notifications. Publishing never fails the publisher: a subscriber's error is
 * logged. Subscribers run in the order they subscribed. This is the seam that will carry
 * events between server processes.
 */
/** Where a subscriber runs in a cluster (platform/cluster): `origin` — only in the process that published (broadcasts through socket.io's adapter, writes that must happen once); `everywhere` — in every process (what acts on a process's own state: caches, its sockets, its media). */
export type Reach = 'origin' | 'everywhere';

/** Carries published events to the other processes of a cluster; absent in a single process. */
export interface EventRelay {
  send(name: string, payload: unknown): void;
}

export class EventBus<M extends object> {
  readonly #subscribers = new Map<keyof M, Array<{ fn: Subscriber<never>; reach: Reach }>>();
  #relay: EventRelay | null = null;

  constructor(private readonly log: Logger) {}

  /** Runs `fn` on every `name` published from now on; returns the unsubscribe. */
  subscribe<K extends keyof M>(name: K, fn: Subscriber<M[K]>, reach: Reach = 'origin'): () => void {
    const list = this.#subscribers.get(name) ?? [];
    const entry = { fn: fn as Subscriber<never>, reach };
    list.push(entry);
    this.#subscribers.set(name, list);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** From now on, events with an `everywhere` subscriber also go to the other processes. */
  relayTo(relay: EventRelay | null): void {
    this.#relay = relay;
  }

  publish<K extends keyof M>(name: K, payload: M[K]): void {
    const list = [...(this.#subscribers.get(name) ?? [])];
    this.#run(name, payload, list);
    if (this.#relay && list.some((s) => s.reach === 'everywhere')) this.#relay.send(String(name), payload);
  }

  /** An event another process published: only the `everywhere` subscribers run here. */
  deliverRemote(name: string, payload: unknown): void {
    const list = (this.#subscribers.get(name as keyof M) ?? []).filter((s) => s.reach === 'everywhere');
    this.#run(name as keyof M, payload as M[keyof M], list);
  }

  #run<K extends keyof M>(name: K, payload: M[K], list: Array<{ fn: Subscriber<never> }>): void {
    for (const { fn } of list) {
      try {
        const r = (fn as Subscriber<M[K]>)(payload);
        if (r instanceof Promise) r.catch((err: unknown) => this.log.error({ err, event: String(name) }, 'an event subscriber failed'));
      } catch (err) {
        this.log.error({ err, event: String(name) }, 'an event subscriber failed');
      }
    }
  }
}

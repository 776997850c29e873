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
export class EventBus<M extends object> {
  readonly #subscribers = new Map<keyof M, Array<Subscriber<never>>>();

  constructor(private readonly log: Logger) {}

  /** Runs `fn` on every `name` published from now on; returns the unsubscribe. */
  subscribe<K extends keyof M>(name: K, fn: Subscriber<M[K]>): () => void {
    const list = this.#subscribers.get(name) ?? [];
    list.push(fn as Subscriber<never>);
    this.#subscribers.set(name, list);
    return () => {
      const i = list.indexOf(fn as Subscriber<never>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  publish<K extends keyof M>(name: K, payload: M[K]): void {
    for (const fn of [...(this.#subscribers.get(name) ?? [])]) {
      try {
        const r = (fn as Subscriber<M[K]>)(payload);
        if (r instanceof Promise) r.catch((err: unknown) => this.log.error({ err, event: String(name) }, 'an event subscriber failed'));
      } catch (err) {
        this.log.error({ err, event: String(name) }, 'an event subscriber failed');
      }
    }
  }
}

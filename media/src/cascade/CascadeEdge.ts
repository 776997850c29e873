import type { types } from 'mediasoup';
import type { PipeLink } from './PipeLink.js';
import type { CascadeSend, ProducerOffer } from './messages.js';

/**
 * The side of a link that receives producers: each offer is produced on the link end with
 * the origin producer's id (ids stay the same on every host), then paused, resumed and
 * closed as the origin says. Messages about one producer are applied in order.
 */
export class CascadeEdge {
  readonly #linkId: string;
  readonly #link: PipeLink;
  readonly #send: CascadeSend;
  readonly #producers = new Map<string, types.Producer>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #closing = new Set<string>();
  readonly #onProducer: (producer: types.Producer, offer: ProducerOffer) => void;

  /** `onProducer`: called once per offer produced here. */
  constructor(linkId: string, link: PipeLink, send: CascadeSend, onProducer: (producer: types.Producer, offer: ProducerOffer) => void = () => {}) {
    this.#linkId = linkId;
    this.#link = link;
    this.#send = send;
    this.#onProducer = onProducer;
  }

  /** The producers received over this link, by id. */
  producers(): ReadonlyMap<string, types.Producer> {
    return this.#producers;
  }

  /** Produces the offered producer here, with the same id. */
  accept(offer: ProducerOffer): Promise<types.Producer> {
    return this.#queue(offer.producerId, () => this.#accept(offer));
  }

  async #accept(offer: ProducerOffer): Promise<types.Producer> {
    const known = this.#producers.get(offer.producerId);
    if (known) return known;
    const { producerId } = offer;
    const producer = await this.#link.transport.produce({
      id: producerId, kind: offer.kind, rtpParameters: offer.rtpParameters, paused: offer.paused, appData: offer.appData,
    });
    this.#producers.set(producerId, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producerId);
      const told = this.#closing.delete(producerId);
      // Closed here (not by the origin, not with the link): the origin may stop sending it.
      if (!told && !this.#link.closed) this.#send({ type: 'released', linkId: this.#linkId, producerId });
    });
    this.#onProducer(producer, offer);
    return producer;
  }

  pause(producerId: string): Promise<void> {
    return this.#queue(producerId, async () => { await this.#open(producerId)?.pause(); });
  }

  resume(producerId: string): Promise<void> {
    return this.#queue(producerId, async () => { await this.#open(producerId)?.resume(); });
  }

  #open(producerId: string): types.Producer | undefined {
    const p = this.#producers.get(producerId);
    return p && !p.closed ? p : undefined;
  }

  close(producerId: string): Promise<void> {
    return this.#queue(producerId, async () => {
      const producer = this.#producers.get(producerId);
      if (!producer) return;
      this.#closing.add(producerId);
      producer.close();
    });
  }

  /** Runs `op` after every earlier operation on the same producer. */
  #queue<T>(producerId: string, op: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(producerId) ?? Promise.resolve();
    const run = before.then(op, op);
    const tail = run.catch(() => undefined);
    this.#queues.set(producerId, tail);
    void tail.then(() => { if (this.#queues.get(producerId) === tail) this.#queues.delete(producerId); });
    return run;
  }
}

import type { types } from 'mediasoup';
import type { PipeLink } from './PipeLink.js';
import type { CascadeSend, ProducerOffer } from './messages.js';

/**
 * The side of a link where producers live: each offered producer is consumed on the link
 * (a pipe consumer forwards every simulcast layer) and what happens to it afterwards —
 * paused, resumed, closed — is told to the other end.
 */
export class CascadeOrigin {
  readonly #linkId: string;
  readonly #link: PipeLink;
  readonly #send: CascadeSend;
  readonly #offers = new Map<string, Promise<ProducerOffer>>();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #released = new Set<string>();

  constructor(linkId: string, link: PipeLink, send: CascadeSend) {
    this.#linkId = linkId;
    this.#link = link;
    this.#send = send;
  }

  /** The pipe consumers, by producer id (for stats). */
  consumers(): ReadonlyMap<string, types.Consumer> {
    return this.#consumers;
  }

  /** Makes `producer` (on this link's router) available on the other end; once per producer. */
  offer(producer: types.Producer): Promise<ProducerOffer> {
    let offer = this.#offers.get(producer.id);
    if (!offer) {
      offer = this.#offer(producer);
      this.#offers.set(producer.id, offer);
      offer.catch(() => this.#offers.delete(producer.id));
    }
    return offer;
  }

  async #offer(producer: types.Producer): Promise<ProducerOffer> {
    const producerId = producer.id;
    const linkId = this.#linkId;
    const send = this.#send;
    const consumer = await this.#link.transport.consume({ producerId });
    if (producer.closed) {
      consumer.close();
      throw new Error('producer closed while being offered');
    }
    this.#consumers.set(producerId, consumer);
    // A pipe consumer is never paused itself: its pause and resume are the producer's.
    consumer.observer.on('pause', () => send({ type: 'paused', linkId, producerId }));
    consumer.observer.on('resume', () => send({ type: 'resumed', linkId, producerId }));
    consumer.observer.once('close', () => {
      this.#consumers.delete(producerId);
      this.#offers.delete(producerId);
      const released = this.#released.delete(producerId);
      // A closed link says so once for all (linkclosed); a released copy needs no answer.
      if (!this.#link.closed && !released) send({ type: 'closed', linkId, producerId });
    });
    const offer: ProducerOffer = {
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
      appData: JSON.parse(JSON.stringify(producer.appData ?? {})) as Record<string, unknown>,
    };
    send({ type: 'offer', linkId, offer });
    return offer;
  }

  /** The other end closed its copy: stop sending the producer over the link. */
  release(producerId: string): void {
    const consumer = this.#consumers.get(producerId);
    if (!consumer) return;
    this.#released.add(producerId);
    consumer.close();
  }
}

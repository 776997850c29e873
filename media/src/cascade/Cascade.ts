import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { TypedEmitter } from '../TypedEmitter.js';
import { PipeLink, type PipeLinkOptions } from './PipeLink.js';
import { CascadeOrigin } from './CascadeOrigin.js';
import { CascadeEdge } from './CascadeEdge.js';
import { parseCascadeMessage, type CascadeMessage, type CascadeSend, type LinkEndpoint, type ProducerOffer } from './messages.js';

export interface CascadeOptions extends PipeLinkOptions {
  /** Shared by both ends: the side that starts makes one (default), the other uses the one it was told. */
  linkId?: string;
  /** Carries a message to the other end (JSON-safe). */
  send: CascadeSend;
}

export type CascadeEvents = {
  /** A producer of the other end is now on this router (same id). */
  producer: [producer: types.Producer, offer: ProducerOffer];
  /** This end's link closed (here or by the other end); producers received over it are closed. */
  close: [];
};

/**
 * One end of the link between a router here and a router on another host: offers this
 * router's producers to the other end and produces the other end's offers here. Both ends
 * are the same: the hall's producers go origin → edge, the floor holder's the other way,
 * over the same pipe.
 */
export class Cascade extends TypedEmitter<CascadeEvents> {
  readonly linkId: string;
  readonly link: PipeLink;
  readonly #send: CascadeSend;
  readonly #origin: CascadeOrigin;
  readonly #edge: CascadeEdge;
  #toldClosed = false;

  static async create(router: types.Router, opts: CascadeOptions): Promise<Cascade> {
    return new Cascade(opts.linkId ?? randomUUID(), await PipeLink.create(router, opts), opts.send);
  }

  private constructor(linkId: string, link: PipeLink, send: CascadeSend) {
    super();
    this.linkId = linkId;
    this.link = link;
    this.#send = send;
    this.#origin = new CascadeOrigin(linkId, link, send);
    this.#edge = new CascadeEdge(linkId, link, send, (producer, offer) => this.emit('producer', producer, offer));
    link.once('close', () => {
      if (!this.#toldClosed) send({ type: 'linkclosed', linkId });
      this.emit('close');
    });
  }

  get closed(): boolean {
    return this.link.closed;
  }

  /** This end's endpoint, as the other end connects to it. */
  local(): LinkEndpoint {
    return this.link.local();
  }

  /** Tells the other end where to send (a `link` message): once, when both ends exist. */
  announce(): void {
    this.#send({ type: 'link', linkId: this.linkId, endpoint: this.link.local() });
  }

  /** Makes a producer of this router available on the other end (an `offer` message). */
  offer(producer: types.Producer): Promise<ProducerOffer> {
    return this.#origin.offer(producer);
  }

  /** Produces an offer of the other end here (what `handle` does with an `offer` message). */
  accept(offer: ProducerOffer): Promise<types.Producer> {
    return this.#edge.accept(offer);
  }

  /** Producers received from the other end, by id. */
  received(): ReadonlyMap<string, types.Producer> {
    return this.#edge.producers();
  }

  /** The pipe consumers sending this router's producers to the other end, by producer id. */
  sent(): ReadonlyMap<string, types.Consumer> {
    return this.#origin.consumers();
  }

  /** Applies a message from the other end (validated: it came over the network). */
  async handle(raw: unknown): Promise<void> {
    const msg: CascadeMessage = parseCascadeMessage(raw);
    if (msg.linkId !== this.linkId) throw new Error(`message for link ${msg.linkId} handed to link ${this.linkId}`);
    if (this.closed) return;
    switch (msg.type) {
      case 'link': return this.link.connect(msg.endpoint);
      case 'offer': await this.accept(msg.offer); return;
      case 'paused': return this.#edge.pause(msg.producerId);
      case 'resumed': return this.#edge.resume(msg.producerId);
      case 'closed': return this.#edge.close(msg.producerId);
      case 'released': return this.#origin.release(msg.producerId);
      case 'linkclosed':
        this.#toldClosed = true;
        this.link.close();
        return;
    }
  }

  /** Closes this end (and, by a `linkclosed` message, the other): every producer received over it closes. */
  close(): void {
    this.link.close();
  }
}

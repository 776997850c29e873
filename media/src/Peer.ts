import type { types } from 'mediasoup';
import { TypedEmitter } from './TypedEmitter.js';
import { NotFoundError } from './errors.js';
import type { MediaSource, Party, PeerRole } from './topology.js';

/** A producer as other peers learn of it. */
export interface ProducerInfo {
  producerId: string;
  peerId: string;
  kind: types.MediaKind;
  source: MediaSource;
}

export type PeerCloseReason = 'left' | 'silent' | 'restart' | 'room_closed' | 'replaced';

export type PeerEvents = {
  /** A producer this peer may consume now (new, or allowed by a floor change). */
  produceravailable: [info: ProducerInfo];
  /** One of this peer's consumers was closed by the server (producer gone, floor taken back). */
  consumerclosed: [consumerId: string];
  /** mediasoup's consumer score (0–10), for the connection-quality indicator. */
  consumerscore: [consumerId: string, score: number, producerScore: number];
  /** The simulcast layer the consumer now forwards (bandwidth, preferred size). */
  consumerlayers: [consumerId: string, spatialLayer: number | null];
  /** mediasoup's score (0–10) of what this peer sends: the worst of its producers' streams. */
  sendscore: [score: number];
  close: [reason: PeerCloseReason];
};

export interface PeerInit {
  id: string;
  userId: string;
  displayName: string;
  role: PeerRole;
  meetingPointId: string | null;
  router: types.Router;
}

/**
 * One participant of a briefing on one router: its transports, producers and consumers.
 * Closing it closes its transports, which closes their producers and consumers (mediasoup
 * cascades); `close()` is idempotent.
 */
export class Peer extends TypedEmitter<PeerEvents> {
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  readonly role: PeerRole;
  readonly meetingPointId: string | null;
  /** The router this peer's transports live on (the primary one, or a piped one). */
  readonly router: types.Router;
  readonly #transports = new Map<string, types.WebRtcTransport>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  /** The last score of each producer's streams (the worst stream of each). */
  readonly #sendScores = new Map<string, number>();
  #closed = false;
  /** Transports whose ICE is connected or completed now (consent keeps them honest). */
  readonly #connected = new Set<string>();
  /** Since when no transport of this peer has been connected (join time at first). */
  #unreachableSince: number | null = Date.now();

  constructor(init: PeerInit) {
    super();
    this.id = init.id;
    this.userId = init.userId;
    this.displayName = init.displayName;
    this.role = init.role;
    this.meetingPointId = init.meetingPointId;
    this.router = init.router;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get party(): Party {
    return { peerId: this.id, userId: this.userId, role: this.role, meetingPointId: this.meetingPointId };
  }

  addTransport(t: types.WebRtcTransport): void {
    this.#transports.set(t.id, t);
    t.on('icestatechange', (state) => this.#iceState(t.id, state === 'connected' || state === 'completed'));
    t.observer.once('close', () => {
      this.#transports.delete(t.id);
      this.#iceState(t.id, false);
    });
  }

  #iceState(transportId: string, up: boolean): void {
    if (up) this.#connected.add(transportId);
    else this.#connected.delete(transportId);
    if (this.#connected.size > 0) this.#unreachableSince = null;
    else this.#unreachableSince ??= Date.now();
  }

  /** This peer's open transports. */
  transportList(): types.WebRtcTransport[] {
    return [...this.#transports.values()];
  }

  transport(id: string): types.WebRtcTransport {
    const t = this.#transports.get(id);
    if (!t) throw new NotFoundError(`transport ${id} not found`);
    return t;
  }

  addProducer(p: types.Producer): void {
    this.#producers.set(p.id, p);
    p.observer.once('close', () => { this.#producers.delete(p.id); this.#sendScores.delete(p.id); });
    p.on('score', (scores) => {
      if (scores.length === 0) return;
      this.#sendScores.set(p.id, Math.min(...scores.map((s) => s.score)));
      this.emit('sendscore', Math.min(...this.#sendScores.values()));
    });
  }

  producer(id: string): types.Producer {
    const p = this.#producers.get(id);
    if (!p) throw new NotFoundError(`producer ${id} not found`);
    return p;
  }

  producers(): types.Producer[] {
    return [...this.#producers.values()];
  }

  addConsumer(c: types.Consumer): void {
    this.#consumers.set(c.id, c);
    c.observer.once('close', () => this.#consumers.delete(c.id));
    // Closed by mediasoup (its producer closed): tell the client.
    c.on('producerclose', () => this.emit('consumerclosed', c.id));
    c.on('transportclose', () => this.#consumers.delete(c.id));
    c.on('score', (s) => this.emit('consumerscore', c.id, s.score, s.producerScore));
    c.on('layerschange', (l) => this.emit('consumerlayers', c.id, l?.spatialLayer ?? null));
  }

  consumer(id: string): types.Consumer {
    const c = this.#consumers.get(id);
    if (!c) throw new NotFoundError(`consumer ${id} not found`);
    return c;
  }

  consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  /** Closes a consumer at the server's initiative and tells the client. */
  dropConsumer(id: string): void {
    const c = this.#consumers.get(id);
    if (!c) return;
    c.close();
    this.#consumers.delete(id);
    this.emit('consumerclosed', id);
  }

  /** Called by the room when a producer becomes available to this peer. */
  offer(info: ProducerInfo): void {
    if (!this.#closed) this.emit('produceravailable', info);
  }

  /**
   * Milliseconds for which none of this peer's transports has been ICE-connected (0 while
   * one is). A connected transport stays so only while its browser answers ICE consent.
   */
  unreachableForMs(now = Date.now()): number {
    return this.#unreachableSince === null ? 0 : Math.max(0, now - this.#unreachableSince);
  }

  /** Closes every transport (and so producers and consumers); idempotent. */
  close(reason: PeerCloseReason = 'left'): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#transports.values()) t.close();
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.emit('close', reason);
  }
}

import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { TypedEmitter } from './TypedEmitter.js';
import type { WorkerPool } from './WorkerPool.js';
import { RouterSet } from './RouterSet.js';
import { Peer, type PeerCloseReason, type PeerInit, type ProducerInfo } from './Peer.js';
import { InvalidStateError, TopologyError } from './errors.js';
import { holdsFloor, mayReceive, maySend, micLive, type Floor, type MediaSource, type Party } from './topology.js';
import { SpeakerWatch } from './SpeakerWatch.js';
import { TransportFactory, type TransportSettings, type TransportParams } from './TransportFactory.js';

export interface RoomOptions {
  /** The briefing's id (the sitting's id). */
  id: string;
  pool: WorkerPool;
  /** Consumers one router may carry before new peers go to a router on another worker. */
  consumerBudget: number;
  transport: TransportSettings;
  /**
   * A peer none of whose transports is ICE-connected for this long is closed. ICE consent
   * watches connected transports (a vanished browser turns them `disconnected`); this covers
   * what consent does not: transports never connected, and the time left for an ICE restart
   * after consent was lost.
   */
  silenceTimeoutMs: number;
  /** Minimum time between keyframe requests sent to the hall's video senders. */
  keyFrameRequestDelayMs: number;
  /**
   * The same for every other video sender (a commune room, a delegate at home): shorter, as
   * whoever is given the floor is consumed by peers that had not received it, and each new
   * consumer's key frame request waits out this delay after the one before. Not under
   * ~350 ms: Chromium ignores a key frame request that comes within 300 ms of its last key
   * frame, and mediasoup repeats an unanswered one only after a second (measured: a 250 ms
   * delay left the second new viewer of a floor holder 1.3 s without a picture).
   */
  floorKeyFrameRequestDelayMs: number;
}

export type RoomEvents = {
  /** Its router's worker died: every peer was closed and the room runs on a live worker again. */
  restarted: [];
  /** The peer heard now (hall or floor holder), for the highlight. */
  dominantspeaker: [peerId: string];
  peerclosed: [peer: Peer, reason: PeerCloseReason];
  /** A producer was added (server-side taps such as the webcast follow these). */
  producer: [source: RoomSource];
  /** The floor changed (after consumers were brought in line). */
  floor: [holder: Floor];
  close: [];
};

/** Who sends a producer: a peer of this room, or one on another server (a cascaded producer). */
interface Sender { id: string; party: Party; role: Party['role']; router: types.Router }
interface Entry { producer: types.Producer; owner: Sender; info: ProducerInfo; via?: string }

/**
 * A producer of the room with who sends it, for server-side taps (the webcast) and the
 * cascade to other servers; `via` names the link it came over when its sender is elsewhere.
 */
export interface RoomSource { producer: types.Producer; party: Party; info: ProducerInfo; via?: string }

/** What the room runs on; replaced whole when a worker dies. */
interface Core { routers: RouterSet; transports: TransportFactory; speakers: SpeakerWatch }

/**
 * One briefing (họp trực tuyến): a router per briefing, more routers piped from it when its
 * consumers pass the budget, its peers, and who may receive what (topology.ts) under the
 * current floor. A router lost with its worker rebuilds the room on a live worker.
 */
export class Room extends TypedEmitter<RoomEvents> {
  readonly id: string;
  readonly #opts: RoomOptions;
  #core: Core | null = null;
  readonly #peers = new Map<string, Peer>();
  readonly #producers = new Map<string, Entry>();
  /** Senders on other servers with producers here (cascade), and what their servers said about them. */
  readonly #remotePeers = new Map<string, { about: unknown; producers: Set<string> }>();
  #floor: Floor = null;
  #closed = false;
  #ready: Promise<void> = Promise.resolve();
  #rebuilding = false;
  readonly #silenceTimer: NodeJS.Timeout;

  static async create(opts: RoomOptions): Promise<Room> {
    const room = new Room(opts);
    await room.#ready;
    return room;
  }

  private constructor(opts: RoomOptions) {
    super();
    this.id = opts.id;
    this.#opts = opts;
    this.#ready = this.#build();
    const every = Math.max(200, Math.min(5000, Math.floor(opts.silenceTimeoutMs / 3)));
    this.#silenceTimer = setInterval(() => this.#closeSilentPeers(), every);
    this.#silenceTimer.unref();
  }

  async #build(): Promise<void> {
    while (this.#opts.pool.liveCount() === 0) {
      await new Promise<void>((resolve) => this.#opts.pool.once('workerrespawned', () => resolve()));
    }
    const routers = await RouterSet.create(this.#opts.pool, this.#opts.consumerBudget, () => this.#onRouterLost());
    const speakers = await SpeakerWatch.create(routers.primary, (producerId) => this.#onDominant(producerId));
    this.#core = { routers, transports: new TransportFactory(this.#opts.transport), speakers };
  }

  /** The routers and helpers; throws while the room is closed or being rebuilt. */
  get #live(): Core {
    if (!this.#core || this.#closed) throw new InvalidStateError(this.#closed ? 'room closed' : 'room rebuilding');
    return this.#core;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get floor(): Floor {
    return this.#floor;
  }

  /** Resolves when the room has routers (after a rebuild, once it is rebuilt). */
  ready(): Promise<void> {
    return this.#ready;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#live.routers.primary.rtpCapabilities;
  }

  /** For operations and tests: worker pids in use and consumers per router. */
  placement(): { workerPids: number[]; consumers: number[] } {
    const routers = this.#core?.routers;
    return { workerPids: routers?.workerPids() ?? [], consumers: routers?.consumerCounts() ?? [] };
  }

  peers(): Peer[] {
    return [...this.#peers.values()];
  }

  /** Adds a peer on the router with room for it; the producers it may receive are returned. */
  async join(init: Omit<PeerInit, 'router' | 'id'>): Promise<{ peer: Peer; producers: ProducerInfo[] }> {
    await this.#ready;
    const { routers } = this.#live;
    const router = await routers.place();
    const peer = new Peer({ ...init, id: randomUUID(), router });
    this.#peers.set(peer.id, peer);
    peer.once('close', (reason) => {
      this.#peers.delete(peer.id);
      if (!this.#rebuilding) routers.release(router);
      this.emit('peerclosed', peer, reason);
    });
    const producers = [...this.#producers.values()].filter((e) => mayReceive(peer.party, e.owner.party, e.info.source, this.#floor)).map((e) => e.info);
    return { peer, producers };
  }

  async createTransport(peer: Peer): Promise<TransportParams> {
    this.#assertLive(peer);
    const { transports, routers } = this.#live;
    const { transport, params } = await transports.create(peer.router, routers.webRtcServerFor(peer.router));
    peer.addTransport(transport);
    return params;
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    this.#assertLive(peer);
    await peer.transport(transportId).connect({ dtlsParameters });
  }

  /** New ICE credentials after a network change (the client then restarts ICE). */
  async restartIce(peer: Peer, transportId: string): Promise<types.IceParameters> {
    this.#assertLive(peer);
    return peer.transport(transportId).restartIce();
  }

  async produce(peer: Peer, transportId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: MediaSource): Promise<string> {
    this.#assertLive(peer);
    if (!maySend(peer.party, source, this.#floor)) throw new TopologyError(`a ${peer.role} may not send ${source}`);
    if ((source === 'mic') !== (kind === 'audio')) throw new TopologyError(`${source} cannot be ${kind}`);
    const producer = await peer.transport(transportId).produce({
      kind, rtpParameters, appData: { source },
      ...(kind === 'video' ? { keyFrameRequestDelay: peer.role === 'hall' ? this.#opts.keyFrameRequestDelayMs : this.#opts.floorKeyFrameRequestDelayMs } : {}),
    });
    peer.addProducer(producer);
    // A microphone nobody may hear now is paused here, whatever the page does with it.
    if (kind === 'audio' && !micLive(peer.party, this.#floor)) await producer.pause();
    const info: ProducerInfo = { producerId: producer.id, peerId: peer.id, kind, source };
    this.#producers.set(producer.id, { producer, owner: peer, info });
    producer.observer.once('close', () => this.#producers.delete(producer.id));
    const { speakers, routers } = this.#live;
    if (kind === 'audio') await speakers.add(producer, peer.router, routers);
    for (const other of this.#peers.values()) if (mayReceive(other.party, peer.party, source, this.#floor)) other.offer(info);
    this.emit('producer', { producer, party: peer.party, info });
    return producer.id;
  }

  /** The room's open producers in the order they were made, with their senders. */
  sources(): RoomSource[] {
    return [...this.#producers.values()].filter((e) => !e.producer.closed).map((e) => ({ producer: e.producer, party: e.owner.party, info: e.info, ...(e.via ? { via: e.via } : {}) }));
  }

  /**
   * A producer whose sender is on another server, brought here over a cascade link (`via`)
   * onto `router`: offered to this room's peers by the same rule as a local one. Its pauses
   * (a microphone without the floor) are made by its own server and arrive with it.
   */
  hostRemote(producer: types.Producer, party: Party, info: ProducerInfo, router: types.Router, via: string, about: unknown = null): void {
    if (this.#closed || producer.closed) return;
    const entry: Entry = { producer, owner: { id: party.peerId, party, role: party.role, router }, info, via };
    this.#producers.set(producer.id, entry);
    const remote = this.#remotePeers.get(party.peerId) ?? { about, producers: new Set<string>() };
    remote.producers.add(producer.id);
    this.#remotePeers.set(party.peerId, remote);
    producer.observer.once('close', () => {
      if (this.#producers.get(producer.id) === entry) this.#producers.delete(producer.id);
      remote.producers.delete(producer.id);
      if (remote.producers.size === 0 && this.#remotePeers.get(party.peerId) === remote) this.#remotePeers.delete(party.peerId);
    });
    for (const p of this.#peers.values()) if (mayReceive(p.party, party, info.source, this.#floor)) p.offer(info);
    this.emit('producer', { producer, party, info, via });
  }

  /** What the servers of remote senders said about them (their roster entries), by peer id, while they send here. */
  remotePeers(): Map<string, unknown> {
    return new Map([...this.#remotePeers].map(([id, r]) => [id, r.about]));
  }

  /** The router cascade links attach to (the room's first). */
  get linkRouter(): types.Router {
    return this.#live.routers.primary;
  }

  /**
   * The primary router, with this producer made consumable on it (piped from its sender's
   * router when that is another one): where a server-side tap consumes.
   */
  async tapRouter(producerId: string): Promise<types.Router> {
    const { routers } = this.#live;
    const e = this.#producers.get(producerId);
    if (!e) throw new TopologyError('no such producer in this briefing');
    await routers.bring(e.producer, e.owner.router, routers.primary);
    return routers.primary;
  }

  /**
   * A consumer of another peer's producer. Video is created paused (the client resumes it
   * once its side is ready, and the resume asks for the key frame the picture starts from);
   * audio flows at once, so a speaker given the floor is heard a round trip sooner (packets
   * that reach the page before its side is ready are dropped there, a few milliseconds of
   * sound at most).
   */
  async consume(peer: Peer, transportId: string, producerId: string, rtpCapabilities: types.RtpCapabilities) {
    this.#assertLive(peer);
    const e = this.#producers.get(producerId);
    if (!e || !mayReceive(peer.party, e.owner.party, e.info.source, this.#floor)) throw new TopologyError('this producer is not for this peer');
    const { routers } = this.#live;
    await routers.bring(e.producer, e.owner.router, peer.router);
    if (!peer.router.canConsume({ producerId, rtpCapabilities })) throw new TopologyError('the device cannot receive this codec');
    const consumer = await peer.transport(transportId).consume({
      producerId, rtpCapabilities, paused: e.producer.kind === 'video', appData: { source: e.info.source, peerId: e.owner.id },
    });
    routers.track(peer.router, consumer);
    peer.addConsumer(consumer);
    return { consumerId: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters, peerId: e.owner.id, source: e.info.source };
  }

  /**
   * Resumes one of the peer's producers: a microphone only while it may be heard (the hall's,
   * the floor holder's), so a page cannot put itself on the air.
   */
  async resumeProducer(peer: Peer, producerId: string): Promise<void> {
    this.#assertLive(peer);
    const producer = peer.producer(producerId);
    if (producer.kind === 'audio' && !micLive(peer.party, this.#floor)) throw new TopologyError('the microphone may be on only while holding the floor');
    await producer.resume();
  }

  /**
   * Gives the floor to a commune room (its meeting point's id) or a delegate on their own
   * device (their user id), or takes it back (null). Consumers follow the rule, and every
   * microphone that may not be heard any more is paused here (the server's word, not the
   * page's): its page is told by the floor event and stops sending.
   */
  async setFloor(holder: Floor): Promise<void> {
    if (this.#floor === holder || this.#closed) return;
    const before = this.#floor;
    this.#floor = holder;
    const pauses: Promise<void>[] = [];
    for (const e of this.#producers.values()) {
      if (e.info.source === 'mic' && !e.via && !micLive(e.owner.party, holder) && !e.producer.closed) pauses.push(e.producer.pause().catch(() => {}));
      for (const p of this.#peers.values()) {
        const was = mayReceive(p.party, e.owner.party, e.info.source, before);
        const now = mayReceive(p.party, e.owner.party, e.info.source, holder);
        if (now && !was) p.offer(e.info);
        if (was && !now) for (const c of p.consumers()) if (c.producerId === e.producer.id) p.dropConsumer(c.id);
      }
    }
    this.emit('floor', holder);
    // Resolved once the worker has paused every microphone that lost the floor.
    await Promise.all(pauses);
  }

  #assertLive(peer: Peer): void {
    if (this.#closed || peer.closed || this.#peers.get(peer.id) !== peer) throw new InvalidStateError('peer closed');
  }

  #onDominant(producerId: string): void {
    const e = this.#producers.get(producerId);
    if (!e) return;
    // Only someone everybody hears is highlighted: the hall, or the floor holder.
    if (e.owner.role === 'hall' || holdsFloor(e.owner.party, this.#floor)) this.emit('dominantspeaker', e.owner.id);
  }

  #closeSilentPeers(): void {
    if (this.#closed || this.#rebuilding) return;
    const now = Date.now();
    for (const p of [...this.#peers.values()]) {
      if (p.unreachableForMs(now) > this.#opts.silenceTimeoutMs) p.close('silent');
    }
  }

  #onRouterLost(): void {
    if (this.#rebuilding || this.#closed) return;
    this.#rebuilding = true;
    this.#ready = (async () => {
      for (const p of [...this.#peers.values()]) p.close('restart');
      this.#producers.clear();
      const old = this.#core;
      this.#core = null;
      old?.speakers.close();
      old?.routers.close();
      await this.#build();
    })().finally(() => { this.#rebuilding = false; });
    this.#ready.then(() => { if (!this.#closed) this.emit('restarted'); }, () => this.close());
  }

  /** Closes every peer and router; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#silenceTimer);
    for (const p of [...this.#peers.values()]) p.close('room_closed');
    this.#core?.speakers.close();
    this.#core?.routers.close();
    this.#core = null;
    this.emit('close');
  }
}

import type { types } from 'mediasoup';
import { z } from 'zod';
import type { Room, RoomSource } from '../Room.js';
import { holdsFloor, type Party } from '../topology.js';
import type { ProducerInfo } from '../Peer.js';
import { Cascade } from './Cascade.js';
import { parseCascadeMessage, type CascadeMessage } from './messages.js';
import type { PipeLinkOptions } from './PipeLink.js';

export interface RoomCascadeOptions extends Omit<PipeLinkOptions, 'port'> {
  /** Carries a message to the same briefing's room on another server (`node`). */
  send(node: string, msg: CascadeMessage): void;
  /** Told when a link opens (active: this side announced it) or closes, for the log. */
  onLink?(event: { node: string; linkId: string; state: 'active' | 'passive' | 'closed' }): void;
  /** What the other servers show about a peer of this room (its roster entry), carried with its producers. */
  describe?(peerId: string): unknown;
  onError?(err: unknown): void;
}

/** Who sends a cascaded producer, carried in its appData so the other server applies the same rule (topology.ts). */
const Sent = z.object({
  party: z.object({ peerId: z.string(), userId: z.string(), role: z.enum(['hall', 'room', 'remote', 'viewer']), meetingPointId: z.string().nullable() }),
  info: z.object({ producerId: z.string(), peerId: z.string(), kind: z.enum(['audio', 'video']), source: z.enum(['mic', 'camera', 'screen']) }),
  about: z.unknown().optional(),
});

/**
 * One briefing's room linked to the same briefing's rooms on other servers: every producer
 * of the room — its own peers', and those that came over one link — is offered over every
 * other link, and every producer offered here becomes a source of the room (Room.hostRemote),
 * received by its peers under the same rules. With one hub (the sitting's owner server) linked
 * to each edge server, the hall's camera reaches every commune room on every server, and the
 * floor holder's room on one edge is heard by the hall and every other edge through the hub.
 */
export class RoomCascade {
  readonly #room: Room;
  readonly #opts: RoomCascadeOptions;
  readonly #byNode = new Map<string, Promise<Cascade>>();
  readonly #byId = new Map<string, { node: string; cascade: Cascade }>();
  readonly #onProducer = (s: RoomSource) => {
    // A hall arriving over a link makes that link want the commune rooms' cameras (the chair's grid).
    if (s.via && s.party.role === 'hall') this.#reconsider();
    else for (const { cascade } of this.#byId.values()) this.#offer(cascade, s);
  };
  readonly #onFloor = () => this.#reconsider();

  constructor(room: Room, opts: RoomCascadeOptions) {
    this.#room = room;
    this.#opts = opts;
    room.on('producer', this.#onProducer);
    room.on('floor', this.#onFloor);
    room.once('close', () => this.close());
  }

  /** The servers this room is linked to now. */
  nodes(): string[] {
    return [...new Set([...this.#byId.values()].map((l) => l.node))];
  }

  /** Links this room to the room on `node` (the active side: it announces itself). */
  link(node: string): Promise<Cascade> {
    let p = this.#byNode.get(node);
    if (!p) {
      p = this.#open(node);
      this.#byNode.set(node, p);
      p.catch(() => { if (this.#byNode.get(node) === p) this.#byNode.delete(node); });
    }
    return p;
  }

  /** A message from the room on `node`: a new link it announces, or one for a link of ours. */
  async handle(node: string, raw: unknown): Promise<void> {
    const msg = parseCascadeMessage(raw);
    const known = this.#byId.get(msg.linkId);
    if (known) return known.cascade.handle(msg);
    if (msg.type !== 'link') return;
    // The passive side: made with the announced id, connected, then announces itself back.
    const p = this.#open(node, msg.linkId);
    this.#byNode.set(node, p);
    const cascade = await p;
    await cascade.handle(msg);
  }

  /** Closes the link to `node` (its producers leave this room; the other end is told). */
  async unlink(node: string): Promise<void> {
    const p = this.#byNode.get(node);
    this.#byNode.delete(node);
    (await p?.catch(() => null))?.close();
  }

  async #open(node: string, linkId?: string): Promise<Cascade> {
    const { send, onError: _e, describe: _d, onLink, ...pipe } = this.#opts;
    const cascade = await Cascade.create(this.#room.linkRouter, { ...pipe, ...(linkId ? { linkId } : {}), send: (m) => send(node, m) });
    this.#byId.set(cascade.linkId, { node, cascade });
    onLink?.({ node, linkId: cascade.linkId, state: linkId ? 'passive' : 'active' });
    cascade.on('producer', (producer) => this.#host(producer, cascade.linkId));
    cascade.once('close', () => {
      onLink?.({ node, linkId: cascade.linkId, state: 'closed' });
      this.#byId.delete(cascade.linkId);
      void this.#byNode.get(node)?.then((c) => { if (c === cascade) this.#byNode.delete(node); }, () => undefined);
    });
    cascade.announce();
    for (const s of this.#room.sources()) this.#offer(cascade, s);
    return cascade;
  }

  #host(producer: types.Producer, via: string): void {
    const sent = Sent.safeParse(producer.appData);
    if (!sent.success) { producer.close(); return; }
    this.#room.hostRemote(producer, sent.data.party as Party, sent.data.info as ProducerInfo, this.#room.linkRouter, via, sent.data.about ?? null);
  }

  /**
   * Whether the other side of a link needs a source: the hall's always (everyone sees and
   * hears it); a commune room's or a home delegate's only while it holds the floor, or — its
   * camera — when a hall is on that side (the chair's grid). So of 3,000 commune cameras none
   * crosses to a province edge that has no hall, and only the floor holder's reaches every edge.
   */
  #needed(cascade: Cascade, s: RoomSource): boolean {
    if (s.party.role === 'hall' || holdsFloor(s.party, this.#room.floor)) return true;
    if (s.info.source !== 'camera' || (s.party.role !== 'room' && s.party.role !== 'remote')) return false;
    return this.#room.sources().some((x) => x.via === cascade.linkId && x.party.role === 'hall');
  }

  /** After a floor change or a hall appearing: offer what is needed now, withdraw what is not. */
  #reconsider(): void {
    for (const { cascade } of this.#byId.values()) {
      for (const s of this.#room.sources()) {
        if (s.via === cascade.linkId) continue;
        if (this.#needed(cascade, s)) this.#offer(cascade, s);
        else cascade.sent().get(s.producer.id)?.close();
      }
    }
  }

  /** Offers a source over a link, unless it came over that very link or the other side does not need it. */
  #offer(cascade: Cascade, s: RoomSource): void {
    if (s.via === cascade.linkId || cascade.closed || !this.#needed(cascade, s)) return;
    const { producer } = s;
    // Who sends it, so the other server applies the same rules and shows the same roster entry.
    const about = s.via ? this.#room.remotePeers().get(s.party.peerId) : this.#opts.describe?.(s.party.peerId);
    Object.assign(producer.appData, { party: s.party, info: s.info, about: about ?? null });
    this.#room.tapRouter(producer.id)
      .then(() => cascade.offer(producer))
      .catch((err: unknown) => { if (!producer.closed && !cascade.closed) this.#opts.onError?.(err); });
  }

  close(): void {
    this.#room.off('producer', this.#onProducer);
    this.#room.off('floor', this.#onFloor);
    for (const { cascade } of [...this.#byId.values()]) cascade.close();
    this.#byId.clear();
    this.#byNode.clear();
  }
}

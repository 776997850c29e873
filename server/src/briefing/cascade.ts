import { z } from 'zod';
import type { Deps } from '../app/deps.js';
import type { Room } from '../../../media/src/Room.js';
import { RoomCascade } from '../../../media/src/cascade/RoomCascade.js';
import { KeyedQueue } from '../platform/shared/keyedQueue.js';
import { sittingKey } from '../sitting/owner.js';
import { mediaOf, viewOfPeer } from './service.js';

/**
 * Cluster mode: one briefing spread over several server processes (and hosts). The sitting's
 * owner process is the hub; every other process with peers of the briefing links its room to
 * the hub's (RoomCascade: pipe transports with SRTP and RTX). So the hall's producers reach
 * commune rooms on every process, and the floor holder's room, wherever it is, reaches the
 * hall and every other process through the hub. The links' signalling rides on the cluster's
 * messages (Redis). When the sitting changes owner, every room links to the new hub.
 */
const CascadeEnvelope = z.object({ sittingId: z.string().min(1), from: z.string().min(1), msg: z.unknown() });
const METHOD = 'briefing.cascade';
const CHECK_HUB_MS = 1000;

interface Linked { cascade: RoomCascade; hub: string | null }

export class BriefingCascades {
  readonly #deps: Deps;
  readonly #rooms = new Map<string, Linked>();
  readonly #inbox = new KeyedQueue();
  readonly #timer: NodeJS.Timeout;

  constructor(deps: Deps) {
    this.#deps = deps;
    const cluster = deps.cluster!;
    cluster.listen(METHOD, async (raw) => {
      const { sittingId, from, msg } = CascadeEnvelope.parse(raw);
      // In arrival order per briefing: a link's announcement before its offers.
      await this.#inbox.run(sittingId, async () => {
        const room = await mediaOf(deps).room(sittingId);
        await room.ready();
        await this.#of(room).cascade.handle(from, msg);
      });
      return null;
    });
    this.#timer = setInterval(() => void this.#followHubs(), CHECK_HUB_MS);
    this.#timer.unref();
  }

  /** Called for a room with peers here: linked to its hub unless this process is the hub. */
  async ensure(room: Room): Promise<void> {
    const linked = this.#of(room);
    await this.#linkToHub(room.id, linked);
  }

  #of(room: Room): Linked {
    let linked = this.#rooms.get(room.id);
    if (linked) return linked;
    const cluster = this.#deps.cluster!;
    const { RTC_LISTEN_IP, RTC_ANNOUNCED_IP, CLUSTER_PIPE_PORTS } = this.#deps.config;
    const cascade = new RoomCascade(room, {
      listenIp: RTC_LISTEN_IP,
      portRange: CLUSTER_PIPE_PORTS,
      ...(RTC_ANNOUNCED_IP ? { announcedIp: RTC_ANNOUNCED_IP } : {}),
      send: (node, msg) => {
        cluster.send(node, METHOD, { sittingId: room.id, from: cluster.nodeId, msg }).catch((err: unknown) => this.#deps.log.warn({ err, sittingId: room.id, node }, 'cascade: a message to another server was lost'));
      },
      describe: (peerId) => viewOfPeer(room, peerId),
      onLink: (e) => this.#deps.log.info({ sittingId: room.id, ...e }, 'cascade: link'),
      onError: (err) => this.#deps.log.warn({ err, sittingId: room.id }, 'cascade: a producer could not be offered'),
    });
    room.on('producer', (s) => { if (s.via) this.#deps.log.debug({ sittingId: room.id, producerId: s.producer.id, role: s.party.role, source: s.info.source }, 'cascade: a producer of another server is here'); });
    linked = { cascade, hub: null };
    this.#rooms.set(room.id, linked);
    room.once('close', () => { if (this.#rooms.get(room.id) === linked) this.#rooms.delete(room.id); });
    return linked;
  }

  async #linkToHub(sittingId: string, linked: Linked): Promise<void> {
    const cluster = this.#deps.cluster!;
    const hub = await cluster.ownerNode(sittingKey(sittingId));
    if (hub === null || hub === linked.hub) return;
    const before = linked.hub;
    linked.hub = hub;
    if (before && before !== cluster.nodeId) await linked.cascade.unlink(before);
    if (hub !== cluster.nodeId) await linked.cascade.link(hub);
    this.#deps.log.info({ sittingId, hub, self: cluster.nodeId }, 'cascade: briefing linked to its hub');
  }

  /** The sitting moved to another owner (a server died, a partition): every room follows its hub. */
  async #followHubs(): Promise<void> {
    for (const [sittingId, linked] of [...this.#rooms]) {
      await this.#linkToHub(sittingId, linked).catch((err: unknown) => this.#deps.log.warn({ err, sittingId }, 'cascade: hub check failed'));
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const l of this.#rooms.values()) l.cascade.close();
    this.#rooms.clear();
  }
}

import type { Connection } from 'mongoose';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from './models.js';
import type { MediaHealth } from '../../../media/src/health.js';
import type { DomainEventBus } from './domainEvents.js';
import type { RealtimeHub } from '../platform/realtime/hub.js';
import type { LiveWebcasts } from '../webcast/live.js';
import type { Owners } from '../platform/cluster/owners.js';
import type { Room } from '../../../media/src/Room.js';

/** What every route module and socket handler receives: no globals. */
export interface Deps {
  config: Config;
  log: Logger;
  conn: Connection;
  models: Models;
  /** The mediasoup worker pool, or null when media is disabled (some tests). */
  media: MediaHealth | null;
  /** Domain events: published after a durable change, subscribed in app/ (domainEvents.ts). */
  events: DomainEventBus;
  /** Set once socket.io is attached: lets REST actions reach live connections. */
  realtime?: RealtimeHub;
  /** The public sittings' live webcasts; absent when this server does not webcast. */
  webcast?: LiveWebcasts;
  /** Cluster mode (REDIS_URL set): the owner process of each sitting, and forwarding to it. Absent in a single process. */
  cluster?: Owners;
  /** Cluster mode with media: each briefing's rooms on several processes, linked to its hub. */
  cascades?: { ensure(room: Room): Promise<void>; close(): void };
}

export type { RealtimeHub } from '../platform/realtime/hub.js';

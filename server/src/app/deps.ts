import type { Connection } from 'mongoose';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from './models.js';
import type { MediaHealth } from '../../../media/src/health.js';
import type { DomainEventBus } from './domainEvents.js';

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
}

/** The part of the realtime layer that REST handlers may call. */
export interface RealtimeHub {
  /** Disconnects every socket of a sign-in session (after sign-out or expiry). */
  endLogin(sessionId: string, reason: 'signed_out' | 'idle_timeout' | 'expired'): void;
  /** Broadcasts to everyone following a sitting. */
  toSitting(sittingId: string, event: 'agenda:changed', payload: { sessionId: string }): void;
  /** Broadcasts to everyone following a session's dossier. */
  toSession(sessionId: string, event: 'documents:changed', payload: { sessionId: string }): void;
}

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../log.js';
import { redisConnection } from './redis.js';
import { Leases } from './lease.js';
import { Rpc, rpcChannel } from './rpc.js';

export const EVENTS_CHANNEL = 'hdnd:events';

export interface ClusterSettings {
  redisUrl: string;
  /** This process's name in the cluster (unique per process; a fresh one per start). */
  nodeId?: string;
  leaseMs: number;
}

/** The parts of a running cluster membership: leases, forwarding, the event relay, socket.io's adapter. */
export interface ClusterLink {
  nodeId: string;
  leases: Leases;
  rpc: Rpc;
  /** socket.io's Redis streams adapter (rooms and broadcasts across processes, connection-state recovery). */
  adapter: ReturnType<typeof createAdapter>;
  /** Sends an event to the other processes; `onEvent` receives theirs. */
  sendEvent(name: string, payload: unknown): void;
  onEvent(fn: (name: string, payload: unknown) => void): void;
  close(): Promise<void>;
}

/**
 * Joins the cluster through Redis: three connections — commands (leases, publishing), a
 * subscriber (this process's request channel and the event channel), and socket.io's adapter
 * (which duplicates its own for reading the stream). Nothing here knows a domain.
 */
export async function joinCluster(s: ClusterSettings, log: Logger): Promise<ClusterLink> {
  const nodeId = s.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const cmd = redisConnection(s.redisUrl, `hdnd-cmd-${nodeId}`, log);
  const sub = redisConnection(s.redisUrl, `hdnd-sub-${nodeId}`, log, { enableOfflineQueue: true, maxRetriesPerRequest: null });
  const adapterClient = new Redis(s.redisUrl, { connectionName: `hdnd-io-${nodeId}`, retryStrategy: (n) => Math.min(100 * n, 1000) });
  adapterClient.on('error', () => undefined);
  await Promise.all([cmd, sub, adapterClient].map((c) => (c.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve, reject) => {
    c.once('ready', () => resolve());
    setTimeout(() => reject(new Error(`Redis at ${s.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} did not answer in 10 s`)), 10_000).unref();
  }))));
  const leases = new Leases(cmd, nodeId, { ttlMs: s.leaseMs, marginMs: Math.round(s.leaseMs / 3) }, log);
  const rpc = new Rpc(cmd, nodeId, log);
  const eventFns: Array<(name: string, payload: unknown) => void> = [];
  await sub.subscribe(rpcChannel(nodeId), EVENTS_CHANNEL);
  sub.on('message', (channel: string, message: string) => {
    if (channel !== EVENTS_CHANNEL) return rpc.receive(message);
    let m: { from: string; name: string; payload: unknown };
    try { m = JSON.parse(message) as typeof m; } catch { return; }
    if (m.from === nodeId) return;
    for (const fn of eventFns) fn(m.name, m.payload);
  });
  const adapter = createAdapter(adapterClient, { streamName: 'hdnd:io', heartbeatInterval: 2_000 });
  log.info({ nodeId }, 'cluster: joined');
  return {
    nodeId,
    leases,
    rpc,
    adapter,
    sendEvent(name, payload) {
      cmd.publish(EVENTS_CHANNEL, JSON.stringify({ from: nodeId, name, payload })).catch((err: Error) => log.warn({ err: err.message, event: name }, 'cluster: an event could not be relayed'));
    },
    onEvent(fn) { eventFns.push(fn); },
    async close() {
      await leases.close();
      rpc.close();
      sub.disconnect();
      cmd.disconnect();
      adapterClient.disconnect();
    },
  };
}

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import type { Config } from '../platform/config.js';
import type { Deps } from './deps.js';
import type { Logger } from '../platform/log.js';
import type { MediaHealth } from '../../../media/src/health.js';
import { buildModels, syncIndexes } from './models.js';
import { ensureFilesBucket } from '../platform/storage.js';
import { createMetrics } from '../health/metrics.js';
import { createApp } from '../platform/http/app.js';
import { routeModules } from './routes.js';
import { registerSocketHandlers } from './sockets.js';
import { broadcastDomainEvents } from './subscribers.js';
import { EventBus } from '../platform/events.js';
import type { DomainEvents } from './domainEvents.js';
import { healthRoutes } from '../health/routes.js';
import { answerClientErrors } from '../platform/http/clientErrors.js';
import type { RouteSpec } from '../platform/http/apiRouter.js';
import { attachRealtime, type AppServer, type RealtimeEnv } from '../platform/realtime/socket.js';
import { readCookie } from '../platform/realtime/cookies.js';
import { resolveLogin, resolveLoginById, SESSION_COOKIE } from '../auth/logins.js';
import { resumeTimers, stopTimers } from '../poll/timer.js';
import { finishSeals } from '../poll/seal.js';
import { recoverSittingAudit } from '../sitting/auditRecovery.js';
import { startWebcast } from '../webcast/start.js';
import { startRecordings } from '../webcast/recordingStart.js';
import { joinCluster } from '../platform/cluster/start.js';
import { sittingOwners, sweepSittings } from './ownership.js';
import { BriefingCascades } from '../briefing/cascade.js';

export interface RunningServer {
  url: string;
  port: number;
  deps: Deps;
  io: AppServer;
  http: HttpServer;
  specs: RouteSpec[];
  close(): Promise<void>;
}

/** Builds the app on an open database connection and listens. Used by main and by tests. */
export async function startServer(opts: { config: Config; log: Logger; conn: Connection; media: MediaHealth | null }): Promise<RunningServer> {
  const models = buildModels(opts.conn);
  await syncIndexes(models);
  await ensureFilesBucket(opts.conn);
  const deps: Deps = { config: opts.config, log: opts.log, conn: opts.conn, models, media: opts.media, events: new EventBus<DomainEvents>(opts.log) };
  const metrics = createMetrics();
  const { app, specs } = createApp(deps, metrics, routeModules, [healthRoutes(deps, metrics)]);
  const http = createServer(app.callback());
  answerClientErrors(http);
  // The socket framework checks sign-ins through the auth domain, wired here.
  const realtimeEnv: RealtimeEnv = {
    log: deps.log,
    logins: {
      fromCookie: (cookie) => resolveLogin(deps, readCookie(cookie, SESSION_COOKIE)),
      byId: (loginId) => resolveLoginById(deps, loginId),
    },
    connections: metrics.socketConnections,
  };
  // Cluster mode (REDIS_URL): socket.io across processes, one owner process per sitting.
  const link = opts.config.REDIS_URL ? await joinCluster({ redisUrl: opts.config.REDIS_URL, leaseMs: opts.config.CLUSTER_LEASE_MS }, opts.log) : null;
  const { io, hub } = attachRealtime(http, realtimeEnv, link?.adapter);
  let stopSweep = () => {};
  if (link) {
    deps.cluster = sittingOwners(deps, link);
    deps.events.relayTo({ send: (name, payload) => link.sendEvent(name, payload) });
    link.onEvent((name, payload) => deps.events.deliverRemote(name, payload));
    stopSweep = sweepSittings(deps, deps.cluster, opts.config.CLUSTER_LEASE_MS);
    if (opts.media) deps.cascades = new BriefingCascades(deps);
  }
  broadcastDomainEvents(io, deps);
  const presence = registerSocketHandlers(io, deps, realtimeEnv);
  deps.realtime = hub;
  // After the briefing's own subscribers (sockets.ts), so a closing sitting's room is handled first.
  const webcast = await startWebcast(deps);
  if (webcast) deps.webcast = webcast;
  const recordings = startRecordings(deps, webcast);
  await finishSeals(deps);
  // In a cluster each sitting's owner does these when it takes the sitting over (ownership.ts).
  if (!link) {
    await recoverSittingAudit(deps);
    await resumeTimers(deps);
  }
  // Delegates on their own devices in sittings under way: expected back, or counted as the grace period says.
  await presence.recover();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.config.PORT, opts.config.HOST, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = opts.config.HOST === '0.0.0.0' ? 'localhost' : opts.config.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    deps,
    io,
    http,
    specs,
    async close() {
      stopTimers(deps);
      stopSweep();
      deps.cascades?.close();
      presence.close();
      recordings.close();
      await webcast?.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await link?.close();
    },
  };
}

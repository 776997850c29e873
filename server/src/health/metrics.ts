import { Registry, collectDefaultMetrics, Counter, Histogram, Gauge } from 'prom-client';

/** Prometheus metrics of one server instance (a registry per app, so tests can hold several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hdnd_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'hdnd_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({ name: 'hdnd_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    socketConnections: new Gauge({ name: 'hdnd_socket_connections', help: 'Open socket.io connections', registers: [registry] }),
    mediaWorkersLive: new Gauge({ name: 'hdnd_media_workers_live', help: 'Live mediasoup workers', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

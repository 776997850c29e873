import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A load balancer as a cluster has in front of it, small enough for tests: each connection
 * goes to the first backend in `order()` that accepts it (TCP, so WebSocket upgrades pass
 * through untouched; no sticky sessions). When a backend dies its connections drop and the
 * clients' reconnections reach the next one.
 */
export async function startBalancer(order: () => Array<{ host: string; port: number }>): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryNext = (i: number) => {
      const target = order()[i];
      if (!target) { client.destroy(); return; }
      const upstream = connect(target.port, target.host);
      upstream.setTimeout(2000, () => upstream.destroy(new Error('timeout')));
      upstream.once('error', () => { if (!upstream.readyState.startsWith('open')) tryNext(i + 1); else client.destroy(); });
      upstream.once('connect', () => {
        upstream.setTimeout(0);
        open.add(upstream);
        upstream.on('close', () => { open.delete(upstream); client.destroy(); });
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { for (const s of open) s.destroy(); server.close(() => resolve()); }),
  };
}

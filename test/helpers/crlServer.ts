import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/** Serves the test CAs' CRLs (`<dir>/<name>.crl`, DER) on loopback, as a CA's distribution point does; counts what it served. */
export interface CrlServer {
  base: string;
  served(): number;
  /** While offline it answers 503: nothing can be fetched (a verifier must use what the file holds). */
  offline(on: boolean): void;
  stop(): Promise<void>;
}

export async function startCrlServer(dir: string): Promise<CrlServer> {
  let served = 0;
  let down = false;
  const server: Server = createServer((req, res) => {
    if (down) return void res.writeHead(503).end();
    const name = /^\/([a-z]+\.crl)$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'GET' || !name) return void res.writeHead(404).end();
    readFile(join(dir, name)).then((body) => {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(body);
    }, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => served,
    offline: (on) => { down = on; },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

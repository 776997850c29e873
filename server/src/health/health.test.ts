import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { WorkerPool } from '../../../media/src/WorkerPool.js';

let server: TestServer;
let pool: WorkerPool;
beforeAll(async () => {
  pool = await WorkerPool.create({ size: 1, listen: { ip: '127.0.0.1', portRange: { min: 42000, max: 42099 } } });
  server = await startTestServer({ media: pool });
});
afterAll(async () => { await server?.stop(); pool?.close(); });

describe('health endpoints', () => {
  it('/healthz answers while the process is alive', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { status: 'alive' } });
  });

  it('/readyz is ready when the database answers and a media worker is alive', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { database: true, media: { live: 1, size: 1 } } });
  });

  it('/metrics serves Prometheus text with HTTP and process metrics', async () => {
    await fetch(`${server.url}/api/auth/me`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/hdnd_http_requests_total\{method="GET",route="\/api\/auth\/me",status="401"\} \d+/);
    expect(text).toMatch(/hdnd_process_resident_memory_bytes \d+/);
    expect(text).toMatch(/hdnd_media_workers_live 1/);
  });

  it('/api/openapi.json is generated from the zod schemas the routes validate with', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const signIn = doc.paths['/api/auth/sign-in'].post;
    const schema = signIn.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['login', 'password']));
    expect(doc.paths['/api/auth/me'].get.security).toEqual([{ sessionCookie: [] }]);
  });

  it('an unknown API path gets the error shape with not_found', async () => {
    const res = await fetch(`${server.url}/api/khong-ton-tai`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('every response carries a CSP without unsafe-eval', async () => {
    const res = await fetch(`${server.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('/readyz reports not ready once no media worker is alive', async () => {
    pool.close();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, error: 'not_ready', details: { database: true, media: { live: 0 } } });
  });
});

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountClient } from './static.js';

const script = Buffer.from(`console.log(${JSON.stringify('x'.repeat(4000))});`);
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hdnd-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>HĐND</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), script);
  writeFileSync(join(dir, 'assets', 'app-1234.js.br'), brotliCompressSync(script));
  const app = new Koa();
  expect(mountClient(app, dir)).toBe(true);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => { server?.close(); rmSync(dir, { recursive: true, force: true }); });

/** The raw answer (no decoding, unlike fetch). */
function get(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('the built client over HTTP', () => {
  it('sends the brotli copy of a script to a browser that accepts it, immutable and varying by Accept-Encoding', async () => {
    const res = await get('/assets/app-1234.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(res.body).equals(script)).toBe(true);
  });

  it('sends the script as built to a client that accepts no compression', async () => {
    const res = await get('/assets/app-1234.js', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(script)).toBe(true);
  });

  it('answers a client route with index.html', async () => {
    const res = await get('/phien-hop/abc', 'identity');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('<title>HĐND</title>');
  });
});

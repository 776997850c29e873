import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { DocumentCache } from './cache.js';
import { filesBucket, uploadToGridFS } from '../platform/storage.js';
import { tinyPdf } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let dir: string;
const bytes = Buffer.from(tinyPdf(3, 'cache'));
const sha256 = createHash('sha256').update(bytes).digest('hex');
let stored: { fileId: Awaited<ReturnType<typeof uploadToGridFS>>; sha256: string; bytes: number };

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'hdnd-cache-test-'));
  stored = { fileId: await uploadToGridFS(filesBucket(server.deps.conn), 'a.pdf', bytes, { sha256 }), sha256, bytes: bytes.length };
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server?.stop();
});

describe('DocumentCache: local copies named by SHA-256, GridFS the source of truth', () => {
  it('fills a missing copy from GridFS, once for many concurrent readers', async () => {
    const cache = new DocumentCache(server.deps, dir);
    const paths = await Promise.all([1, 2, 3, 4].map(() => cache.ensure(stored)));
    expect(new Set(paths)).toEqual(new Set([join(dir, `${sha256}.pdf`)]));
    expect(readFileSync(paths[0]!).equals(bytes)).toBe(true);
  });

  it('replaces an altered copy of the right size the first time a process serves it', async () => {
    writeFileSync(join(dir, `${sha256}.pdf`), Buffer.alloc(bytes.length, 0x20));
    const path = await new DocumentCache(server.deps, dir).ensure(stored);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses to keep a GridFS file whose bytes do not match the record', async () => {
    const cache = new DocumentCache(server.deps, dir);
    await expect(cache.ensure({ ...stored, sha256: 'f'.repeat(64) })).rejects.toThrow(/SHA-256/);
    expect(existsSync(join(dir, `${'f'.repeat(64)}.pdf`))).toBe(false);
  });

  it('sweeps staged uploads older than a day, and leaves recent ones', async () => {
    const cache = new DocumentCache(server.deps, dir);
    mkdirSync(cache.incomingDir, { recursive: true });
    const old = join(cache.incomingDir, 'upload-old.part');
    const recent = join(cache.incomingDir, 'upload-new.part');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'y');
    utimesSync(old, new Date(Date.now() - 2 * 86400_000), new Date(Date.now() - 2 * 86400_000));
    await cache.sweepIncoming();
    expect([existsSync(old), existsSync(recent)]).toEqual([false, true]);
  });
});

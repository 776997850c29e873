import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import type { TestClient } from '../../../test/helpers/http.js';
import { buildDossier, fixture, sendRaw } from '../../../test/helpers/documentFixtures.js';

let server: TestServer;
let d: Awaited<ReturnType<typeof buildDossier>>;
/** The bytes every document of the dossier holds (known before the tests are collected). */
const big = fixture('tap-tai-lieu-500-trang.pdf');

beforeAll(async () => {
  server = await startTestServer();
  d = await buildDossier(server);
});
afterAll(async () => server?.stop());

const file = (who: TestClient, id: string, headers: Record<string, string> = {}, query = '') => sendRaw(who, 'GET', `/api/documents/${id}/file${query}`, undefined, headers);

describe('serving the bytes', () => {
  it('sends the whole PDF inline with a strong ETag (the SHA-256) and immutable caching', async () => {
    const res = await file(d.as.delegate, d.ids.council);
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(res.bytes).digest('hex')).toBe(d.sha);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(big.length));
    expect(res.headers.get('etag')).toBe(`"${d.sha}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="tai lieu council.pdf"; filename*=UTF-8''${encodeURIComponent('tài liệu council.pdf')}`);
    expect(res.headers.get('x-watermark')).toBeNull();
  });

  it('answers 304 to If-None-Match with the current ETag, and the full file to another', async () => {
    const same = await file(d.as.delegate, d.ids.council, { 'if-none-match': `"${d.sha}"` });
    expect(same.status).toBe(304);
    expect(same.bytes.length).toBe(0);
    expect(same.headers.get('etag')).toBe(`"${d.sha}"`);
    expect((await file(d.as.delegate, d.ids.council, { 'if-none-match': '"older"' })).status).toBe(200);
  });

  it.each([
    ['the first bytes', 'bytes=0-99', 0, 99],
    ['a middle slice', 'bytes=300000-365535', 300000, 365535],
    ['an open-ended range', `bytes=${big.length - 10}-`, big.length - 10, big.length - 1],
    ['a suffix', 'bytes=-100', big.length - 100, big.length - 1],
  ])('serves %s as 206 with Content-Range', async (_name, range, start, end) => {
    const res = await file(d.as.delegate, d.ids.council, { range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${big.length}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.bytes.equals(big.subarray(start, end + 1))).toBe(true);
  });

  it('answers 416 with the size for a range past the end', async () => {
    const res = await file(d.as.delegate, d.ids.council, { range: `bytes=${big.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${big.length}`);
  });

  it('serves several ascending ranges as one 206 multipart/byteranges answer, each part with its Content-Range', async () => {
    const res = await file(d.as.delegate, d.ids.council, { range: 'bytes=0-9,300000-300099' });
    expect(res.status).toBe(206);
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(res.headers.get('content-type') ?? '')?.[1];
    expect(boundary).toBeTruthy();
    expect(res.headers.get('content-length')).toBe(String(res.bytes.length));
    const expected = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/pdf\r\nContent-Range: bytes 0-9/${big.length}\r\n\r\n`, 'latin1'),
      big.subarray(0, 10),
      Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/pdf\r\nContent-Range: bytes 300000-300099/${big.length}\r\n\r\n`, 'latin1'),
      big.subarray(300000, 300100),
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    expect(res.bytes.equals(expected)).toBe(true);
  });

  it('sends the whole file (200) for overlapping ranges, and for If-Range naming another version', async () => {
    expect((await file(d.as.delegate, d.ids.council, { range: 'bytes=0-99,50-149' })).bytes.length).toBe(big.length);
    const stale = await file(d.as.delegate, d.ids.council, { range: 'bytes=0-9', 'if-range': '"older"' });
    expect([stale.status, stale.bytes.length]).toEqual([200, big.length]);
    expect((await file(d.as.delegate, d.ids.council, { range: 'bytes=0-9', 'if-range': `"${d.sha}"` })).status).toBe(206);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await sendRaw(d.as.delegate, 'HEAD', `/api/documents/${d.ids.council}/file`, undefined);
    expect([res.status, res.headers.get('content-length'), res.bytes.length]).toEqual([200, String(big.length), 0]);
  });

  it('offers a download (attachment) of a non-confidential document on ?download=1', async () => {
    expect((await file(d.as.delegate, d.ids.public, {}, '?download=1')).headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('GridFS stays the source of truth: with the local copies deleted, files are fetched again, whole', async () => {
    for (const f of readdirSync(server.config.DOCUMENT_CACHE_DIR)) rmSync(`${server.config.DOCUMENT_CACHE_DIR}/${f}`, { recursive: true, force: true });
    const [a, b] = await Promise.all([file(d.as.delegate, d.ids.public), file(d.as.chair, d.ids.public, { range: 'bytes=-100' })]);
    expect(createHash('sha256').update(a.bytes).digest('hex')).toBe(d.sha);
    expect(b.bytes.equals(big.subarray(big.length - 100))).toBe(true);
    expect(readdirSync(server.config.DOCUMENT_CACHE_DIR)).toContain(`${d.sha}.pdf`);
  });
});

describe('the API description', () => {
  it('/api/openapi.json describes the upload (PDF body, metadata in the query) and the file route', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as any;
    const upload = doc.paths['/api/sessions/{id}/documents'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(['application/pdf']);
    expect(upload.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['title', 'kind', 'access', 'allowedUserIds', 'supersedes']));
    expect(doc.paths['/api/documents/{id}/file'].get.parameters.map((p: { name: string }) => p.name)).toContain('download');
  });
});

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

  it('answers the viewer\'s opening of a small file that may be kept with the whole file, and a confidential or larger one by the range asked', async () => {
    const opening = { range: 'bytes=0-65535', 'x-whole-file-below': String(2 * 1024 * 1024) };
    const whole = await file(d.as.delegate, d.ids.council, opening);
    expect([whole.status, whole.headers.get('content-range'), whole.bytes.equals(big)]).toEqual([200, null, true]);
    expect(whole.headers.get('vary')).toMatch(/x-whole-file-below/i);
    // Only the pages read of a confidential document leave the server, whatever its size.
    const secret = await file(d.as.chair, d.ids.confidential, opening);
    expect([secret.status, secret.headers.get('content-range'), secret.bytes.length]).toEqual([206, `bytes 0-65535/${big.length}`, 65536]);
    // Larger than the viewer asks for whole, or a value that is not a size: by the range asked.
    for (const [below, status] of [[String(big.length), 200], [String(big.length - 1), 206], ['lots', 206]] as const) {
      const res = await file(d.as.delegate, d.ids.council, { ...opening, 'x-whole-file-below': below });
      expect([below, res.status, res.bytes.length]).toEqual([below, status, status === 200 ? big.length : 65536]);
    }
  });

  it('records at upload what pdf.js reads to open the file and draw page 1, and answers the viewer\'s opening with it in one multipart answer', async () => {
    const record = await server.deps.models.Document.findById(d.ids.council).lean<{ opening: { chunk: number; spans: number[] } | null }>();
    const opening = record!.opening!;
    expect(opening.chunk).toBe(2048);
    // Starts and ends on the viewer's chunks (or at the end of the file), ascending, apart.
    expect(opening.spans.length).toBeGreaterThan(2);
    opening.spans.forEach((at, i) => {
      expect(at % 2048 === 0 || at === big.length).toBe(true);
      if (i > 0) expect(at).toBeGreaterThan(opening.spans[i - 1]!);
    });
    const ask = { range: `bytes=0-65535,-131072` };
    const plain = await file(d.as.delegate, d.ids.council, ask);
    const withReads = await file(d.as.delegate, d.ids.council, { ...ask, 'x-opening-chunk': '2048' });
    const otherChunk = await file(d.as.delegate, d.ids.council, { ...ask, 'x-opening-chunk': '65536' });
    const partsOf = (res: { headers: Headers; bytes: Buffer }) => {
      expect(res.headers.get('content-type')).toMatch(/^multipart\/byteranges/);
      return [...res.bytes.toString('latin1').matchAll(/Content-Range: bytes (\d+)-(\d+)\/\d+/g)].map((m) => [Number(m[1]), Number(m[2]) + 1]);
    };
    expect(partsOf(plain)).toEqual([[0, 65536], [big.length - 131072, big.length]]);
    expect(partsOf(otherChunk)).toEqual(partsOf(plain));
    const parts = partsOf(withReads);
    expect(withReads.status).toBe(206);
    // Every recorded read is inside one part, and so are the head and the tail.
    const holds = (from: number, to: number) => parts.some(([a, b]) => a! <= from && to <= b!);
    for (let i = 0; i < opening.spans.length; i += 2) expect(holds(opening.spans[i]!, opening.spans[i + 1]!)).toBe(true);
    expect([holds(0, 65536), holds(big.length - 131072, big.length)]).toEqual([true, true]);
    // And each part holds the file's own bytes there.
    const body = withReads.bytes;
    let at = 0;
    for (const [a, b] of parts) {
      const headerEnd = body.indexOf('\r\n\r\n', body.indexOf(`Content-Range: bytes ${a}-`, at)) + 4;
      expect(body.subarray(headerEnd, headerEnd + b! - a!).equals(big.subarray(a, b))).toBe(true);
      at = headerEnd + b! - a!;
    }
  });

  it('records at upload where each page\'s bytes are, and gives that record to whoever may read the document', async () => {
    const res = await d.as.delegate.get(`/api/documents/${d.ids.council}/pages`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const { chunk, index, spans } = res.json.data as { chunk: number; index: number[]; spans: number[] };
    expect(chunk).toBe(2048);
    // One entry per page and one more; each page has at least one span, on the viewer's chunks.
    expect(index).toHaveLength(501);
    for (let n = 1; n <= 500; n++) {
      const page = spans.slice(index[n - 1], index[n]);
      expect(page.length).toBeGreaterThanOrEqual(2);
      page.forEach((at) => expect(at % 2048 === 0 || at === big.length).toBe(true));
    }
    // Pages apart in the file have their own bytes (page 1's and page 500's text are not the same chunks).
    const own = (n: number) => spans.slice(index[n - 1], index[n]);
    expect(own(1)).not.toEqual(own(500));
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

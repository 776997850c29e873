import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RangeReader } from '../../client/src/lib/viewer/rangeReader.js';
import type { RemoteFile } from '../../client/src/lib/viewer/remoteFile.js';

const CHUNK = 2048;
const file = randomBytes(1024 * 1024);
const ETAG = '"v1"';

/**
 * The viewer's reads of a file by ranges against a real HTTP server (one range a request,
 * as a server without multipart answers), with pdf.js's side recorded: which ranges it was
 * handed. pdf.js takes only what it asked for, at the offset it asked for (an answer at
 * another offset throws in its transport), so a page's bytes asked for ahead must be handed
 * over read by read.
 */
describe('the viewer\'s range reader', () => {
  let server: Server;
  let url = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const range = req.headers.range ?? '';
      requests.push(range);
      const m = /^bytes=(\d+)-(\d+)$/.exec(range);
      if (!m) {
        res.writeHead(200, { ETag: ETAG, 'Content-Length': file.length });
        res.end(file);
        return;
      }
      const [a, b] = [Number(m[1]), Math.min(Number(m[2]), file.length - 1)];
      res.writeHead(206, { ETag: ETAG, 'Content-Range': `bytes ${a}-${b}/${file.length}`, 'Content-Length': b - a + 1 });
      res.end(file.subarray(a, b + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function reader() {
    const head = new Uint8Array(file.subarray(0, 65536));
    const remote: RemoteFile = { url, size: file.length, etag: ETAG, watermark: null, storable: true, head, pieces: [{ start: 0, bytes: head }] };
    const handed: Array<{ begin: number; bytes: Uint8Array }> = [];
    const closed = new AbortController();
    const r = new RangeReader(remote, closed.signal, (begin, bytes) => handed.push({ begin, bytes }), CHUNK);
    return { r, handed, close: () => closed.abort() };
  }
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(check()).toBe(true);
  };

  it('hands pdf.js a page asked for ahead only read by read, at the offsets it asked for, with one request for the page', async () => {
    const { r, handed, close } = reader();
    requests.length = 0;
    r.readPage([262144, 393216]);
    // pdf.js's reads inside the page's bytes, none at its start: one while the page is on its
    // way, one after it came.
    r.read(300032, 302080);
    await until(() => handed.length === 1);
    r.read(380928, 393216);
    await until(() => handed.length === 2);
    expect(handed.map((h) => [h.begin, h.bytes.byteLength])).toEqual([[300032, 2048], [380928, 12288]]);
    for (const h of handed) expect(Buffer.from(h.bytes).equals(file.subarray(h.begin, h.begin + h.bytes.byteLength))).toBe(true);
    expect(requests).toEqual(['bytes=262144-393215']);
    close();
  });

  it('asks nothing for a page whose bytes it holds or has asked for, and asks pdf.js\'s own reads outside it as before', async () => {
    const { r, handed, close } = reader();
    requests.length = 0;
    r.readPage([0, 65536]);
    r.readPage([131072, 135168]);
    r.readPage([131072, 135168]);
    r.read(0, 2048);
    r.read(600064, 602112);
    await until(() => handed.length === 2);
    await until(() => requests.length === 2);
    expect(requests.sort()).toEqual(['bytes=131072-135167', 'bytes=600064-602111']);
    expect(handed.map((h) => h.begin).sort((a, b) => a - b)).toEqual([0, 600064]);
    close();
  });
});

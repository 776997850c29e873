import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { AccessLevel } from '../../contract/document.js';
import type { Role } from '../../contract/roles.js';
import { TestClient } from './http.js';
import type { TestServer } from './testServer.js';
import { buildCast, TEST_PASSWORD } from './factories.js';

/** Test-only: a file of the repository's own test fixtures (test/fixtures/…). */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

/**
 * Test-only: a valid PDF of `pages` blank pages, plain ASCII (so it also travels as a
 * string body), with a correct cross-reference table; `marker` makes its bytes unique.
 */
export function tinyPdf(pages = 1, marker = ''): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ')}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'),
  ];
  let out = `%PDF-1.4\n%${marker}\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** Test-only: sends raw bytes as the body, with the client's cookie and address. */
export async function sendRaw(client: TestClient, method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...client.headers, ...headers };
  if (client.cookie) h.cookie = client.cookie;
  const res = await fetch(client.baseUrl + path, { method, headers: h, body: body === undefined ? undefined : new Uint8Array(Buffer.from(body)) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any = null;
  if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, bytes, json };
}

/** Test-only: uploads a PDF to a session with the metadata as query parameters. */
export function uploadPdf(client: TestClient, sessionId: string, bytes: Buffer | string, query: Record<string, string>, contentType = 'application/pdf') {
  return sendRaw(client, 'POST', `/api/sessions/${sessionId}/documents?${new URLSearchParams(query).toString()}`, bytes, { 'content-type': contentType });
}

/** Test-only: the cast of roles, each signed in, and one session holding the 500-page PDF at each access level. */
export async function buildDossier(server: TestServer) {
  const cast = await buildCast(server.deps);
  const sessionId = String((await server.deps.models.CouncilSession.create({ councilId: cast.council._id, title: 'Kỳ họp', startsAt: new Date(), endsAt: new Date(), status: 'published' }))._id);
  const as = {} as Record<Role | 'none', TestClient>;
  for (const role of Object.keys(cast.users) as Array<Role | 'none'>) {
    as[role] = new TestClient(server.url);
    await as[role].signIn(cast.users[role].login, TEST_PASSWORD);
  }
  const big = fixture('tap-tai-lieu-500-trang.pdf');
  // Named and confidential list the delegate and the observer.
  const readers = `${cast.users.delegate.id},${cast.users.observer.id}`;
  const ids = {} as Record<AccessLevel, string>;
  for (const access of AccessLevel.options) {
    const named = access === 'named' || access === 'confidential';
    const res = await uploadPdf(as.secretariat, sessionId, big, { title: `Tài liệu ${access}`, kind: 'other', access, fileName: `tài liệu ${access}.pdf`, ...(named ? { allowedUserIds: readers } : {}) });
    if (res.status !== 200) throw new Error(`upload of the ${access} document failed: ${res.status}`);
    ids[access] = res.json.data.document.id;
  }
  return { cast, as, sessionId, ids, big, sha: createHash('sha256').update(big).digest('hex') };
}

/**
 * Test-only: a small PDF (about 200 KB for 200 MB) whose catalog sits in a compressed object
 * stream and holds an array of `mb` MB of zeros once inflated — reading it builds an array of
 * millions of numbers, a memory bomb for any parser that reads the catalog.
 */
export function catalogArrayBomb(mb: number): Buffer {
  const head = '2 0 ';
  const inflated = Buffer.concat([Buffer.from(`${head}<< /Type /Catalog /Pages 3 0 R /Junk [`), Buffer.alloc(mb * 1024 * 1024, '0 '), Buffer.from('] >>')]);
  const stream = deflateSync(inflated, { level: 9 });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (b: Buffer | string) => { const x = Buffer.isBuffer(b) ? b : Buffer.from(b, 'latin1'); parts.push(x); length += x.length; };
  add('%PDF-1.5\n');
  offsets[1] = length;
  add(`1 0 obj\n<< /Type /ObjStm /N 1 /First ${head.length} /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`);
  add(stream);
  add('\nendstream\nendobj\n');
  offsets[3] = length;
  add('3 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n');
  offsets[4] = length;
  add('4 0 obj\n<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>\nendobj\n');
  offsets[5] = length;
  // A cross-reference stream (/W [1 4 2]): object 2, the catalog, is entry 0 of object stream 1.
  const row = (type: number, a: number, b: number) => { const r = Buffer.alloc(7); r.writeUInt8(type, 0); r.writeUInt32BE(a, 1); r.writeUInt16BE(b, 5); return r; };
  const xref = Buffer.concat([row(0, 0, 65535), row(1, offsets[1]!, 0), row(2, 1, 0), row(1, offsets[3]!, 0), row(1, offsets[4]!, 0), row(1, offsets[5]!, 0)]);
  add(`5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Length ${xref.length} >>\nstream\n`);
  add(xref);
  add('\nendstream\nendobj\n');
  add(`startxref\n${offsets[5]}\n%%EOF\n`);
  return Buffer.concat(parts);
}

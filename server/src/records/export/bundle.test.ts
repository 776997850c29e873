import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { unzipSync } from 'fflate';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { verifyBundle } from '../verify/verify.js';
import { checkEmbeddedSignature } from '../verify/embeddedCheck.js';
import { regionsOf } from './zip.js';
import { sha256Hex } from '../signing/signature.js';
import type { Manifest } from './bundle.js';

const run = promisify(execFile);
let server: TestServer;
let s: ScriptedSitting;
let zip: Buffer;
const sockets: ClientSocket[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hdnd-bundle-'));
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNING_KEY_DIR: join(dir, 'keys') } });
  s = await playScriptedSitting(server, sockets);
  const gen = await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/generate`);
  await s.as.secretariat.post(`/api/sittings/${s.sittingId}/minutes/sign`, { revision: gen.json.data.revision });
  const res = await sendRaw(s.as.secretariat, 'GET', `/api/sessions/${s.sessionId}/records/bundle.zip`, undefined);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  zip = res.bytes;
}, 60_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the archive bundle of a session (gói lưu trữ)', () => {
  it('holds every document version, the signed minutes with their signature, the tally records, the audit log and a manifest of SHA-256 hashes', async () => {
    const files = unzipSync(zip);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
    const stored = await server.deps.models.Document.find({ sessionId: s.session._id }).lean();
    const docs = manifest.files.filter((f) => f.kind === 'document');
    expect(docs.map((d) => [d.title, d.version, d.sha256]).sort()).toEqual(stored.map((d) => [d.title, d.version, d.sha256]).sort());
    const signature = await server.deps.models.MinutesSignature.findById(s.sittingId).lean();
    expect(manifest.files.find((f) => f.kind === 'minutes')).toMatchObject({ sha256: signature!.sha256 });
    expect(manifest.files.filter((f) => f.kind === 'minutes_signature')).toHaveLength(1);
    expect(manifest.auditChains).toEqual([expect.objectContaining({ chain: `sitting:${s.sittingId}`, file: `audit/sitting-${s.sittingId}.jsonl` })]);
    expect(manifest.sittings).toEqual([{ sittingId: s.sittingId, title: 'Phiên khai mạc', minutes: 'signed', file: expect.any(String), signature: expect.any(String) }]);
    for (const f of manifest.files) expect(sha256Hex(files[f.path]!)).toBe(f.sha256);
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json', 'manifest.sig.json'].sort());
    expect(verifyBundle(zip)).toMatchObject({ ok: true, kind: 'bundle', council: { name: 'HĐND tỉnh Ninh Bình' }, signer: { name: 'Lê Văn Thư' } });
  });

  it('holds the sealed tally record of every closed poll round, the same file a download gives', async () => {
    const files = unzipSync(zip);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
    const tallies = manifest.files.filter((f) => f.kind === 'tally_record');
    expect(tallies.map((t) => t.title).sort()).toEqual(['Bầu Phó Chủ tịch HĐND tỉnh', 'Thông qua Nghị quyết về ngân sách']);
    for (const t of tallies) expect(checkEmbeddedSignature(files[t.path]!)).toMatchObject({ present: true, ok: true, commonName: 'HĐND tỉnh Ninh Bình' });
    const downloaded = (await sendRaw(s.as.chair, 'GET', `/api/polls/${s.polls.named}/tally-record.pdf`, undefined)).bytes;
    expect(sha256Hex(downloaded)).toBe(tallies.find((t) => t.title === 'Thông qua Nghị quyết về ngân sách')!.sha256);
  });

  it('fails verification for one flipped byte anywhere in the bundle and names the file whose bytes or ZIP records hold it', () => {
    const regions = regionsOf(zip);
    const data = regions.filter((r) => r.part === 'header_or_data');
    // Every byte of the ZIP's own records (local headers, directory, end record) and every 53rd byte of file contents.
    const positions = new Set<number>();
    for (const r of regions) {
      const headerEnd = r.part === 'header_or_data' ? r.start + 30 + r.name.length : r.end;
      for (let i = r.start; i < headerEnd; i++) positions.add(i);
    }
    for (const r of data) for (let i = r.start + 30 + r.name.length; i < r.end; i += 53) positions.add(i);
    for (const r of data) positions.add(r.end - 1);
    expect(positions.size).toBeGreaterThan(1000);
    const misses: string[] = [];
    for (const at of positions) {
      const flipped = Buffer.from(zip);
      flipped[at]! ^= 0x01;
      const v = verifyBundle(flipped);
      const expected = regions.find((r) => at >= r.start && at < r.end)!.name;
      const named = v.files.filter((f) => !f.ok).map((f) => f.file);
      if (v.ok || !named.includes(expected)) misses.push(`byte ${at} (${expected}): ok=${v.ok}, named ${named.join(', ') || 'nothing'}`);
    }
    expect(misses).toEqual([]);
  }, 120_000);

  it('npm run records:verify checks a bundle offline: exit 0 when intact, exit 1 naming the altered file', async () => {
    const good = join(dir, 'ho-so.zip');
    writeFileSync(good, zip);
    const ok = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', good], { cwd: process.cwd() });
    expect(ok.stdout).toContain('OK      manifest.json');
    expect(ok.stdout).toContain('KẾT QUẢ: TOÀN VẸN / RESULT: INTACT');
    const manifest = JSON.parse(Buffer.from(unzipSync(zip)['manifest.json']!).toString('utf8')) as Manifest;
    const doc = regionsOf(zip).find((r) => r.name === manifest.files[0]!.path)!;
    const bad = Buffer.from(zip);
    bad[doc.end - 3]! ^= 0x40;
    writeFileSync(join(dir, 'ho-so-sua.zip'), bad);
    const failed = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', join(dir, 'ho-so-sua.zip')]).then(() => null, (err: { code: number; stdout: string }) => err);
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`FAILED  ${manifest.files[0]!.path}: nội dung đã bị thay đổi`);
    expect(failed?.stdout).toContain('RESULT: NOT INTACT');
  }, 60_000);

  it('npm run records:verify checks a minutes PDF against its signature file and the expected key', async () => {
    const pdf = await sendRaw(s.as.secretariat, 'GET', `/api/sittings/${s.sittingId}/minutes.pdf`, undefined);
    const sig = await sendRaw(s.as.secretariat, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined);
    const key = (await s.as.delegate.get(`/api/councils/${s.councilId}/signing-key`)).json.data.fingerprint as string;
    writeFileSync(join(dir, 'bien-ban.pdf'), pdf.bytes);
    writeFileSync(join(dir, 'bien-ban.pdf.sig.json'), sig.bytes);
    const ok = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', join(dir, 'bien-ban.pdf'), '--expect-key', key]);
    expect(ok.stdout).toContain('Người ký / signer: Lê Văn Thư (secretariat), HĐND tỉnh Ninh Bình');
    expect(ok.stdout).toContain('OK      khóa đúng dấu vân tay mong đợi');
    const other = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', join(dir, 'bien-ban.pdf'), '--expect-key', 'f'.repeat(64)]).then(() => null, (err: { code: number; stdout: string }) => err);
    expect(other?.code).toBe(1);
  }, 60_000);

  it('POST /api/records/verify checks an uploaded bundle and says whose registered key signed it; an altered one names the file', async () => {
    const good = await sendRaw(s.as.delegate, 'POST', '/api/records/verify', zip, { 'content-type': 'application/zip' });
    expect(good.json.data).toMatchObject({ ok: true, kind: 'bundle', registeredTo: { councilId: s.councilId } });
    const bad = Buffer.from(zip);
    const sigRegion = regionsOf(zip).find((r) => r.name === 'manifest.sig.json' && r.part === 'header_or_data')!;
    bad[sigRegion.end - 20]! ^= 0x01;
    const res = await sendRaw(s.as.delegate, 'POST', '/api/records/verify', bad, { 'content-type': 'application/zip' });
    expect(res.json.data.ok).toBe(false);
    expect(res.json.data.files.filter((f: { ok: boolean }) => !f.ok).map((f: { file: string }) => f.file)).toContain('manifest.sig.json');
  });

  it('is for the secretariat and the chair of the council only', async () => {
    for (const who of [s.as.delegate, s.as.observer, s.as.admin, s.as.none]) {
      expect((await sendRaw(who, 'GET', `/api/sessions/${s.sessionId}/records/bundle.zip`, undefined)).status).toBe(403);
    }
  });
});

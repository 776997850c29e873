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
import { checkSignatureFile, sha256Hex, signatureFileBytes } from '../signing/signature.js';
import { regionsOf } from './zip.js';
import type { Manifest } from './bundle.js';

/**
 * The signed resolutions of a session in its archive bundle: the passed resolution vote of the
 * scripted sitting, drafted by the secretariat and signed by the chair (the development file
 * signer seals), is in the bundle with its signature file, and offline verification checks it.
 */

const run = promisify(execFile);
let server: TestServer;
let s: ScriptedSitting;
let zip: Buffer;
let manifest: Manifest;
const sockets: ClientSocket[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hdnd-bundle-nq-'));
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNING_KEY_DIR: join(dir, 'keys') } });
  s = await playScriptedSitting(server, sockets);
  const draft = await s.as.secretariat.post(`/api/polls/${s.polls.named}/resolution`);
  expect(draft.status, draft.text).toBe(200);
  const signed = await s.as.chair.post(`/api/polls/${s.polls.named}/resolution/sign`, { revision: draft.json.data.revision });
  expect(signed.status, signed.text).toBe(200);
  const res = await sendRaw(s.as.secretariat, 'GET', `/api/sessions/${s.sessionId}/records/bundle.zip`, undefined);
  expect(res.status).toBe(200);
  zip = res.bytes;
  manifest = JSON.parse(Buffer.from(unzipSync(zip)['manifest.json']!).toString('utf8')) as Manifest;
}, 60_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const resolutionEntry = () => manifest.files.find((f) => f.kind === 'resolution')!;

describe('signed resolutions in the archive bundle', () => {
  it('holds the signed resolution\'s PDF and its signature file, listed in the manifest with the resolution\'s number', async () => {
    const stored = await server.deps.models.ResolutionSignature.findById(s.polls.named).lean<{ fileName: string; sha256: string; record: Parameters<typeof signatureFileBytes>[0] }>();
    const file = `resolutions/${stored!.fileName}`;
    expect(manifest.resolutions).toEqual([{ pollId: s.polls.named, sittingId: s.sittingId, title: 'Thông qua Nghị quyết về ngân sách', number: 'Số: 01/NQ-HĐND', signedAt: expect.any(String), file, signature: `${file}.sig.json` }]);
    expect(resolutionEntry()).toMatchObject({ path: file, sha256: stored!.sha256, title: 'Thông qua Nghị quyết về ngân sách' });
    expect(manifest.files.filter((f) => f.kind === 'resolution_signature').map((f) => f.path)).toEqual([`${file}.sig.json`]);
    const files = unzipSync(zip);
    expect(sha256Hex(files[file]!)).toBe(stored!.sha256);
    // Written as the minutes' signature files are; it names the PDF by the name it has beside it in the bundle.
    expect(Buffer.from(files[`${file}.sig.json`]!)).toEqual(signatureFileBytes(stored!.record));
    const check = checkSignatureFile(files[`${file}.sig.json`]!);
    expect(check).toMatchObject({ ok: true, record: { payload: { purpose: 'resolution', file: { name: stored!.fileName }, subject: { pollId: s.polls.named } } } });
  });

  it('verifies, the resolution and its signature checked with the rest', () => {
    const v = verifyBundle(zip);
    expect(v.ok).toBe(true);
    const file = resolutionEntry().path;
    expect(v.files.filter((f) => f.file === file || f.file === `${file}.sig.json`)).toEqual([
      { file, ok: true, problem: null }, { file: `${file}.sig.json`, ok: true, problem: null },
    ]);
  });

  it('fails verification naming the resolution when one byte of its PDF is changed, offline with records:verify too', async () => {
    const file = resolutionEntry().path;
    const region = regionsOf(zip).find((r) => r.name === file && r.part === 'header_or_data')!;
    const bad = Buffer.from(zip);
    bad[region.end - 200]! ^= 0x01;
    const v = verifyBundle(bad);
    expect(v.ok).toBe(false);
    expect(v.files.find((f) => f.file === file)).toMatchObject({ ok: false, problem: expect.stringContaining('nội dung đã bị thay đổi') });
    writeFileSync(join(dir, 'ho-so-nq-sua.zip'), bad);
    const failed = await run('node', ['--import', 'tsx', 'server/src/records/verify/cli.ts', join(dir, 'ho-so-nq-sua.zip')]).then(() => null, (err: { code: number; stdout: string }) => err);
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`FAILED  ${file}: nội dung đã bị thay đổi`);
    expect(failed?.stdout).toContain('RESULT: NOT INTACT');
  }, 60_000);
});

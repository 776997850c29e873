import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { sendRaw } from '../../../../test/helpers/documentFixtures.js';
import { playScriptedSitting, signedMinutesOf, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { certifiedRsa, SEAL_SUBJECT } from '../../../../test/helpers/signingFixture.js';
import { startCscTestService, type CscTestService } from '../../signing/remote/cscTestService.js';
import { verifyPdfSignatures } from '../../signing/verify/verifyPdf.js';

/**
 * A unit whose officials sign with their own certificates (SIGNING_PERSON_CSC_*) before it has
 * an HSM for the seal: the chair's PAdES signature, then the development file seal appended
 * after it (adbe.pkcs7.detached, labelled development-only), both intact.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-person-dev-seal-'));
const TOKEN = 'ma-truy-cap-8e21';
let pki: TestPki;
let csc: CscTestService;
let server: TestServer;
let s: ScriptedSitting;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  pki = await createTestPki(join(dir, 'pki'));
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [] });
  server = await startTestServer({ env: { SIGNING_KEY_DIR: join(dir, 'keys'), SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: TOKEN } });
  s = await playScriptedSitting(server, sockets);
  const login = (await server.deps.models.User.findById(s.cast.users.chair.id).lean<{ login: string }>())!.login;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  csc.add({ id: login, key: pair.privateKey, chain: await certifiedRsa(pki, pair, { commonName: 'Chủ tọa Thử nghiệm', organisation: SEAL_SUBJECT.organisation }, 'chair'), pin: '', phone: true });
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await csc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the chair\'s own signature with the development seal after it', () => {
  it('carries the chair\'s PAdES B-B signature, intact and trusted, then the file seal, intact and labelled development-only', async () => {
    const approve = setInterval(() => { for (const id of csc.waiting()) csc.decide(id, 'approve'); }, 50);
    let pdf: Buffer;
    try {
      pdf = await signedMinutesOf(s);
    } finally {
      clearInterval(approve);
    }
    const [chair, seal, ...others] = verifyPdfSignatures(pdf, { anchors: [new X509Certificate(pki.rootPem)] });
    expect(others).toHaveLength(0);
    expect(chair).toMatchObject({ valid: true, intact: true, level: 'B-B', subFilter: 'ETSI.CAdES.detached', signer: { commonName: 'Chủ tọa Thử nghiệm' }, coverage: { laterSignatures: 1 } });
    expect(seal).toMatchObject({ intact: true, development: true, subFilter: 'adbe.pkcs7.detached', coverage: { wholeFile: true } });
    expect((await sendRaw(s.as.delegate, 'GET', `/api/sittings/${s.sittingId}/minutes.sig.json`, undefined)).status).toBe(200);
  });
});

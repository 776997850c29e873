import { generateKeyPairSync } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './testServer.js';
import type { ClientSocket } from './sockets.js';
import { playScriptedSitting, type ScriptedSitting } from './recordsFixtures.js';
import { createTestPki, type TestPki } from './testPki.js';
import { startTestTsa, type TestTsa } from './testTsa.js';
import { certifiedRsa, SEAL_SUBJECT } from './signingFixture.js';
import { startCscTestService, type CscTestService } from '../../server/src/signing/remote/cscTestService.js';

/**
 * A server whose council seals at a remote signing service and whose officials sign there as
 * persons (the CSC test service on loopback, with the test CA and timestamp authority), serving
 * the built client from `distDir`, with the scripted sitting played: what the browser tests of
 * signing a council paper (the minutes, a resolution) start from.
 */
export interface RemoteSigningRig {
  pki: TestPki;
  tsa: TestTsa;
  csc: CscTestService;
  server: TestServer;
  s: ScriptedSitting;
  /** Enrols `userId`'s own certificate (in `commonName`'s name) at the service under their login; returns the login. */
  enrol(userId: string, commonName: string, secrets: { pin: string; otp?: string; phone?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

export async function startRemoteSigningRig(dir: string, token: string, distDir: string): Promise<RemoteSigningRig> {
  const sockets: ClientSocket[] = [];
  const pki = await createTestPki(join(dir, 'pki'));
  const tsa = await startTestTsa(pki);
  const seal = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const csc = await startCscTestService({ dir, token, credentials: [{ id: 'con-dau', key: seal.privateKey, chain: await certifiedRsa(pki, seal, SEAL_SUBJECT, 'seal'), pin: '1' }] });
  writeFileSync(join(dir, 'anchors.pem'), pki.rootPem);
  const server = await startTestServer({
    env: {
      CLIENT_DIST: distDir, SIGNING_KEY_DIR: join(dir, 'keys'),
      SIGNING_CSC_URL: csc.url, SIGNING_CSC_TOKEN: token, SIGNING_CSC_CREDENTIAL: 'con-dau', SIGNING_CSC_PIN: '1',
      SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: token, SIGNING_TSA_URL: tsa.url, SIGNING_TRUST_ANCHORS: join(dir, 'anchors.pem'),
    },
  });
  const s = await playScriptedSitting(server, sockets);
  return {
    pki, tsa, csc, server, s,
    async enrol(userId, commonName, secrets) {
      const login = (await server.deps.models.User.findById(userId).lean<{ login: string }>())!.login;
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      csc.add({ id: login, key: pair.privateKey, chain: await certifiedRsa(pki, pair, { commonName, organisation: SEAL_SUBJECT.organisation }, login), ...secrets });
      return login;
    },
    async stop() {
      sockets.forEach((x) => x.close());
      await server.stop();
      await csc.stop();
      await tsa.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

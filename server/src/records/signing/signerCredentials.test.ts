import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesSignOptions, SignersView } from '../../../../contract/records.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/testServer.js';
import type { ClientSocket } from '../../../../test/helpers/sockets.js';
import { TestClient } from '../../../../test/helpers/http.js';
import { buildUser, TEST_PASSWORD } from '../../../../test/helpers/factories.js';
import { playScriptedSitting, type ScriptedSitting } from '../../../../test/helpers/recordsFixtures.js';
import { createTestPki, type TestPki } from '../../../../test/helpers/testPki.js';
import { certifiedRsa, SEAL_SUBJECT } from '../../../../test/helpers/signingFixture.js';
import { startCscTestService, type CscTestService } from '../../signing/remote/cscTestService.js';

/**
 * The administrator tells the server which credential at the remote signing service is whose:
 * the service's own ids (as VNPT SmartCA and Viettel MySign issue them) rather than the login
 * pattern. A real server, database, CSC service on loopback and test CA.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-signers-'));
const TOKEN = 'ma-truy-cap-don-vi-51c2';
let pki: TestPki;
let csc: CscTestService;
let server: TestServer;
let s: ScriptedSitting;
let admin: TestClient;
const sockets: ClientSocket[] = [];
const CHAIR_CREDENTIAL = 'SMARTCA-0931-4477-A';

beforeAll(async () => {
  pki = await createTestPki(join(dir, 'pki'));
  csc = await startCscTestService({ dir, token: TOKEN, credentials: [] });
  server = await startTestServer({ env: { SIGNING_PERSON_CSC_URL: csc.url, SIGNING_PERSON_CSC_TOKEN: TOKEN, SIGNING_PERSON_CSC_CREDENTIAL: 'ca-nhan-{login}' } });
  s = await playScriptedSitting(server, sockets);
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  csc.add({ id: CHAIR_CREDENTIAL, key: pair.privateKey, chain: await certifiedRsa(pki, pair, { commonName: 'Trần Thị Minh Hoa', organisation: SEAL_SUBJECT.organisation }, 'chair'), pin: '2468' });
  const user = await buildUser(server.deps);
  await server.deps.models.Membership.create({ userId: user._id, councilId: s.cast.council._id, role: 'admin' });
  admin = new TestClient(server.url);
  await admin.signIn(user.login, TEST_PASSWORD);
}, 120_000);
afterAll(async () => {
  sockets.forEach((x) => x.close());
  await server?.stop();
  await csc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const councilId = () => String(s.cast.council._id);
const chairId = () => s.cast.users.chair.id;
const list = async () => (await admin.get(`/api/councils/${councilId()}/signers`)).json.data as SignersView;
const login = async (userId: string) => (await server.deps.models.User.findById(userId).lean<{ login: string }>())!.login;

describe('the signers of a council and their credentials', () => {
  it('lists the chair and the secretariat, each with the credential the login pattern gives until one is set', async () => {
    const view = await list();
    expect(view).toMatchObject({ service: new URL(csc.url).host, pattern: 'ca-nhan-{login}' });
    const chair = view.signers.find((x) => x.userId === chairId())!;
    expect(chair).toMatchObject({ roles: ['chair'], credentialId: null, effectiveCredentialId: `ca-nhan-${await login(chairId())}` });
    expect(view.signers.map((x) => x.roles[0]).sort()).toEqual(['chair', 'secretariat']);
  });

  it('the check before a credential is set says the service has none under the pattern\'s id', async () => {
    const res = await admin.post(`/api/councils/${councilId()}/signers/${chairId()}/check`);
    expect(res.json.data).toMatchObject({ certificate: null, problem: expect.stringMatching(/^Không tìm thấy chứng thư ký số trên dịch vụ/) });
  });

  it('set by the administrator, the service\'s id is what the check finds and what the chair\'s signing dialog uses; audited', async () => {
    const res = await admin.patch(`/api/councils/${councilId()}/signers/${chairId()}`, { credentialId: `  ${CHAIR_CREDENTIAL} ` });
    expect(res.json.data).toMatchObject({ credentialId: CHAIR_CREDENTIAL, effectiveCredentialId: CHAIR_CREDENTIAL });
    const check = await admin.post(`/api/councils/${councilId()}/signers/${chairId()}/check`);
    expect(check.json.data).toMatchObject({ credentialId: CHAIR_CREDENTIAL, certificate: { commonName: 'Trần Thị Minh Hoa' }, asks: { pin: true }, problem: null });
    const options = (await s.as.chair.get(`/api/sittings/${s.sittingId}/minutes/sign-options`)).json.data as MinutesSignOptions;
    expect(options.person).toMatchObject({ credentialId: CHAIR_CREDENTIAL, certificate: { commonName: 'Trần Thị Minh Hoa' } });
    const audit = await server.deps.models.AuditEntry.find({ chain: `council:${councilId()}`, action: 'signing:credential_set' }).lean();
    expect(audit.map((a) => a.data)).toContainEqual({ credentialId: CHAIR_CREDENTIAL });
  });

  it('cleared (empty), the pattern applies again', async () => {
    const res = await admin.patch(`/api/councils/${councilId()}/signers/${chairId()}`, { credentialId: '' });
    expect(res.json.data).toMatchObject({ credentialId: null, effectiveCredentialId: `ca-nhan-${await login(chairId())}` });
  });

  it('is the administrator\'s only: the secretariat and the chair are refused (403), a delegate is no signer (404), a too long id is 400', async () => {
    expect((await s.as.secretariat.get(`/api/councils/${councilId()}/signers`)).status).toBe(403);
    expect((await s.as.chair.patch(`/api/councils/${councilId()}/signers/${chairId()}`, { credentialId: 'x' })).status).toBe(403);
    expect((await admin.patch(`/api/councils/${councilId()}/signers/${s.cast.users.delegate.id}`, { credentialId: 'x' })).status).toBe(404);
    expect((await admin.patch(`/api/councils/${councilId()}/signers/${chairId()}`, { credentialId: 'x'.repeat(201) })).status).toBe(400);
  });
});

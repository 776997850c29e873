import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollView, Receipt } from '../../../contract/poll.js';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, connectClient, mintCookies, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import { emitterOf, ok, type Emit } from '../../../test/helpers/acks.js';
import { TestClient } from '../../../test/helpers/http.js';
import { createSoftHsmToken, type TestToken } from '../../../test/helpers/softHsm.js';
import { createLogger } from '../platform/log.js';
import { openPollKey, type PollKeyDoc } from './wrappedPollKey.js';

/**
 * Secret-ballot receipt keys wrapped by an AES key on a PKCS#11 token (SoftHSM2, made here):
 * the server is configured with SIGNING_PKCS11_*, delegates vote over sockets.
 */

const dir = mkdtempSync(join(tmpdir(), 'hdnd-pollkey-'));
const sockets: ClientSocket[] = [];
const lines: string[] = [];
const log = createLogger('trace', { write: (l: string) => { lines.push(l); } });
const cid = () => randomUUID();
let token: TestToken;
let server: TestServer;
let restarted: TestServer | undefined;
const envOf = (pin: string) => ({ SIGNING_PKCS11_MODULE: token.module, SIGNING_PKCS11_TOKEN_LABEL: token.tokenLabel, SIGNING_PKCS11_PIN: pin });

beforeAll(async () => {
  token = await createSoftHsmToken(join(dir, 'hsm'), 'HDND phieu kin');
  server = await startTestServer({ env: envOf(token.pin), log });
}, 60_000);
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await (restarted ?? server)?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function clientsFor(on: TestServer, userIds: string[]): Promise<Emit[]> {
  const socks = await Promise.all((await mintCookies(on.deps.models, userIds)).map((c) => connectClient(on.url, c)));
  sockets.push(...socks);
  return socks.map(emitterOf);
}

async function sittingOf(on: TestServer, delegates: number): Promise<LiveSitting> {
  const f = await buildLiveSitting(on.deps.models, { delegates, electedTotal: delegates });
  const attendance = f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() }));
  await on.deps.models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance } });
  return f;
}

const createSecret = (chair: Emit, f: LiveSitting) => chair<PollView>('poll:create', { sittingId: f.sittingId, commandId: cid(), title: 'Nghị quyết bỏ phiếu kín', kind: 'resolution', secret: true });
const intentOf = (key: Buffer, receipt: string) => createHmac('sha256', key).update(`intent|${receipt}`).digest('hex');

describe('secret-poll receipt keys with a PKCS#11 token', () => {
  it('a secret poll opens, delegates vote, it closes and publishes; every receipt is in the published list and the key document is gone', async () => {
    const f = await sittingOf(server, 6);
    const [chair, ...voters] = await clientsFor(server, [f.chairId, ...f.delegateIds]);
    const poll = ok(await createSecret(chair!, f));
    ok(await chair!('poll:open', { pollId: poll.id, commandId: cid() }));
    const receipts = await Promise.all(voters.map(async (v, i) => ok(await v<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: [i % 2 ? 'yes' : 'no'] })).receipt));

    const doc = (await server.deps.models.PollKey.findById(poll.id).lean<PollKeyDoc>())!;
    expect(doc.key).toBeUndefined(); // no key in clear…
    expect(doc.wrapped).toMatchObject({ label: 'poll-keys', keyId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Buffer.from(doc.wrapped!.data, 'base64')).toHaveLength(48); // …only 32 bytes encrypted, with their tag
    // Whoever copies the database holds the stored values, none of which is the key: the
    // intent HMAC stored with who voted is reproduced by the key the token unwraps, and only by it.
    const voted = (await server.deps.models.PollVoted.findById(`${poll.id}:1:${f.delegateIds[0]}`).lean())!;
    const data = Buffer.from(doc.wrapped!.data, 'base64');
    for (const stored of [data, data.subarray(0, 32), data.subarray(16), Buffer.from(doc.wrapped!.iv, 'base64'), Buffer.from(doc.wrapped!.data), Buffer.from(JSON.stringify(doc))]) {
      expect(intentOf(stored, receipts[0]!)).not.toBe(voted.intent);
    }
    const unwrapped = await openPollKey(server.deps, doc);
    expect(intentOf(unwrapped, receipts[0]!)).toBe(voted.intent);
    expect(lines.filter((l) => l.includes(unwrapped.toString('hex')) || l.includes(token.pin))).toEqual([]); // nothing secret logged

    ok(await chair!('poll:close', { pollId: poll.id, commandId: cid() }));
    ok(await chair!('poll:publish', { pollId: poll.id, commandId: cid() }));
    const http = new TestClient(server.url);
    http.cookie = (await mintCookies(server.deps.models, [f.delegateIds[0]!]))[0]!;
    expect((await http.get(`/api/polls/${poll.id}/receipts`)).json.data.receipts).toEqual([...receipts].sort());
    expect(await server.deps.models.PollKey.exists({ _id: poll.id })).toBeNull();
  }, 60_000);

  it('a clear key stored before the token was configured (a poll open during the upgrade) keeps working', async () => {
    const f = await sittingOf(server, 2);
    const [chair, voter] = await clientsFor(server, [f.chairId, f.delegateIds[0]!]);
    const poll = ok(await createSecret(chair!, f));
    const clear = randomBytes(32);
    await server.deps.models.PollKey.replaceOne({ _id: poll.id }, { _id: poll.id, key: clear.toString('hex') });
    ok(await chair!('poll:open', { pollId: poll.id, commandId: cid() }));
    const { receipt } = ok(await voter!<Receipt>('poll:vote', { pollId: poll.id, round: 1, commandId: cid(), choices: ['yes'] }));
    const voted = (await server.deps.models.PollVoted.findById(`${poll.id}:1:${f.delegateIds[0]}`).lean())!;
    expect(voted.intent).toBe(intentOf(clear, receipt));
  }, 60_000);

  it('with the token\'s PIN wrong, opening a secret poll is refused in Vietnamese and English and the poll stays a draft, with no ballot issued; creating one creates nothing', async () => {
    const f = await sittingOf(server, 3);
    const [chair] = await clientsFor(server, [f.chairId]);
    const poll = ok(await createSecret(chair!, f));
    await server.stop({ keepDatabase: true });
    restarted = await startTestServer({ env: envOf('000000'), log, dbName: server.dbName });
    const [chairAgain] = await clientsFor(restarted, [f.chairId]);

    const res = await chairAgain!('poll:open', { pollId: poll.id, commandId: cid() });
    expect(res).toMatchObject({ ok: false, error: 'not_ready' });
    const message = !res.ok ? res.message : '';
    expect(message).toMatch(/^Không dùng được khóa phiếu biểu quyết trên thiết bị HSM \(.*đăng nhập không thành công \/ login failed.*\); chưa có gì được ghi/);
    expect(message).toContain('/ The poll\'s key on the HSM cannot be used; nothing was recorded');
    expect(message).not.toContain('000000');
    const models = restarted.deps.models;
    expect(await models.Poll.findById(poll.id).lean()).toMatchObject({ status: 'draft', round: 1 });
    expect(await models.PollIssued.countDocuments({ pollId: poll.id })).toBe(0);
    expect(await models.AuditEntry.countDocuments({ action: 'poll:opened', 'data.pollId': poll.id })).toBe(0);

    const polls = await models.Poll.countDocuments({ sittingId: f.sittingId });
    expect(await createSecret(chairAgain!, f)).toMatchObject({ ok: false, error: 'not_ready' });
    expect(await models.Poll.countDocuments({ sittingId: f.sittingId })).toBe(polls);
    expect(await models.PollKey.countDocuments({})).toBe(await models.Poll.countDocuments({ status: { $ne: 'published' } }));
    expect(lines.filter((l) => l.includes('000000') || l.includes(token.pin))).toEqual([]);
  }, 60_000);
});

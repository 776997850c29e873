import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, sendCommand, type LiveSitting } from '../../../test/helpers/liveFixtures.js';
import type { ClientSocket } from '../../../test/helpers/sockets.js';
import { startServer } from '../app/server.js';
import { verifyChain } from '../audit/verify.js';
import type { PendingAudit } from './effects.js';
import { rollForward } from './versionClaim.js';

let server: TestServer;
let f: LiveSitting;
let chair: ClientSocket;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildLiveSitting(server.deps.models, { delegates: 3, items: 3 });
  chair = await connectClient(server.url, (await mintCookies(server.deps.models, [f.chairId]))[0]!);
});
afterAll(async () => { chair?.close(); await server?.stop(); });

const chain = () => `sitting:${f.sittingId}`;
const entriesAt = (version: number) => server.deps.models.AuditEntry.find({ chain: chain(), 'data.version': version }).lean();

describe('the audit entry of a sitting change survives a crash between the change and the append', () => {
  it('each applied change stores its audit entry in the sitting document with the change', async () => {
    const ack = await sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, agendaItemId: f.itemIds[0]! });
    expect(ack.ok).toBe(true);
    const version = ack.ok ? ack.data.version : -1;
    const s = (await server.deps.models.Sitting.findById(f.sittingId).lean())!;
    expect(s.pendingAudit).toMatchObject({ version, action: 'agenda:setCurrent', actorId: f.chairId, data: { version, currentItemId: f.itemIds[0] } });
    expect(await entriesAt(version)).toHaveLength(1);
  });

  it('a change whose entry never reached the chain (the process died) is appended, marked recovered, at the next start, once', async () => {
    // What a kill between the state swap and the append leaves: the change with its pending
    // entry in the sitting document, and no entry in the chain.
    const s = (await server.deps.models.Sitting.findById(f.sittingId).lean())!;
    const version = s.version + 1;
    const pending: PendingAudit = { version, action: 'agenda:setCurrent', actorId: f.chairId, data: { version, currentItemId: f.itemIds[1]! }, at: new Date().toISOString() };
    await server.deps.models.Sitting.updateOne({ _id: f.sittingId, version: s.version }, { $set: { version, currentItemId: f.itemIds[1], pendingAudit: pending } });
    expect(await entriesAt(version)).toHaveLength(0);

    for (let start = 0; start < 2; start++) {
      const again = await startServer({ config: server.deps.config, log: server.deps.log, conn: server.deps.conn, media: null });
      await again.close();
    }
    const recovered = await entriesAt(version);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ action: 'agenda:setCurrent', data: { version, currentItemId: f.itemIds[1], recovered: true } });
    expect((await verifyChain(server.deps, chain())).ok).toBe(true);
  });

  it('a version claimed by an owner cut off before writing it is rolled forward by the next owner with its audit entry, once', async () => {
    // What a cut-off owner leaves in cluster mode: its claim of version v (the change and its
    // pending entry), no change in the sitting, no entry in the chain.
    const s = (await server.deps.models.Sitting.findById(f.sittingId).lean())!;
    const version = s.version + 1;
    const pendingAudit: PendingAudit = { version, action: 'agenda:setCurrent', actorId: f.chairId, data: { version, currentItemId: f.itemIds[2]! }, at: new Date().toISOString() };
    await server.deps.models.SittingVersion.create({ _id: `${f.sittingId}:${version}`, sittingId: f.sittingId, version, fence: 1, set: { currentItemId: f.itemIds[2], pendingAudit }, recent: null });

    await rollForward(server.deps, f.sittingId, version);
    await rollForward(server.deps, f.sittingId, version);

    expect((await server.deps.models.Sitting.findById(f.sittingId).lean())).toMatchObject({ version, currentItemId: f.itemIds[2] });
    expect(await entriesAt(version)).toHaveLength(1);
    expect((await verifyChain(server.deps, chain())).ok).toBe(true);
  });
});

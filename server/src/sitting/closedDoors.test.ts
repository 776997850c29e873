import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { buildCouncil, buildUser, buildMembership } from '../../../test/helpers/factories.js';
import { cookieFor, connectSocket, type ClientSocket } from '../../../test/helpers/sockets.js';
import type { SittingDelta } from '../../../contract/sitting.js';
import { verifyChain } from '../audit/verify.js';
import { chains } from '../audit/chains.js';

/** The council decides, during the sitting, to continue behind closed doors (họp kín), then to go public again. */
let server: TestServer;
const open: ClientSocket[] = [];
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { open.forEach((s) => s.close()); await server?.stop(); });

const cid = () => randomUUID();

async function buildSitting(status: 'published' | 'open' | 'closed') {
  const deps = server.deps;
  const council = await buildCouncil(deps, { electedTotal: 3 });
  const session = await deps.models.CouncilSession.create({ councilId: council._id, title: 'Kỳ họp thử', startsAt: new Date(), endsAt: new Date(Date.now() + 86400_000), status: 'published' });
  const chair = await buildUser(deps);
  await buildMembership(deps, chair._id, council._id, 'chair');
  const secretary = await buildUser(deps);
  await buildMembership(deps, secretary._id, council._id, 'secretariat');
  const delegate = await buildUser(deps);
  await buildMembership(deps, delegate._id, council._id, 'delegate');
  const observer = await buildUser(deps);
  await buildMembership(deps, observer._id, council._id, 'observer');
  const sitting = await deps.models.Sitting.create({ sessionId: session._id, councilId: council._id, title: 'Phiên thảo luận', status });
  return { chair, secretary, delegate, observer, sittingId: String(sitting._id) };
}

async function join(userId: unknown, sittingId: string) {
  const s = await connectSocket(server.url, await cookieFor(server.deps, userId as never));
  open.push(s);
  const res = await s.emitWithAck('sitting:join', { sittingId });
  if (!res.ok) throw new Error(res.message);
  return { socket: s, snapshot: res.data };
}

const publicSitting = (id: string) => fetch(`${server.url}/api/public/sittings/${id}`).then((r) => r.status);

describe('sitting:setClosedDoors', () => {
  it('the chair closes the doors of an open sitting and opens them again: durable, audited, delivered, and the portal drops it meanwhile', async () => {
    const f = await buildSitting('open');
    const chair = await join(f.chair._id, f.sittingId);
    const tablet = await join(f.delegate._id, f.sittingId);
    expect(chair.snapshot.state.closedDoors).toBe(false);
    expect(await publicSitting(f.sittingId)).toBe(200);
    const events: SittingDelta[] = [];
    const off = server.deps.events.subscribe('sitting.changed', (d) => { if (d.sittingId === f.sittingId) events.push(d); });

    const got = new Promise<SittingDelta>((resolve) => tablet.socket.once('sitting:changed', resolve));
    const v0 = chair.snapshot.version;
    const closeId = cid();
    const close = await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: closeId, closedDoors: true });
    expect(close).toEqual({ ok: true, data: { version: v0 + 1 } });
    // The tablets get the new state as a delta of the next version.
    const delta = await got;
    expect(delta).toMatchObject({ sittingId: f.sittingId, version: v0 + 1, command: 'sitting:setClosedDoors', patch: { closedDoors: true } });
    // The domain event the webcast, the portal and the recording react to.
    expect(events).toEqual([expect.objectContaining({ version: v0 + 1, patch: { closedDoors: true } })]);
    // Written durably (the snapshot is read from the database).
    const doc = await server.deps.models.Sitting.findById(f.sittingId).lean();
    expect(doc).toMatchObject({ closedDoors: true, version: v0 + 1, status: 'open' });
    const snap = await tablet.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    expect(snap.ok && snap.data.state.closedDoors).toBe(true);
    // The public portal shows nothing of the sitting while its doors are closed.
    expect(await publicSitting(f.sittingId)).toBe(404);

    // Resent (same command id), it is applied once: the same version, no second event.
    const resent = await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: closeId, closedDoors: true });
    expect(resent).toEqual(close);
    expect(events).toHaveLength(1);

    // Back to public.
    const reopen = await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: cid(), closedDoors: false });
    expect(reopen).toEqual({ ok: true, data: { version: v0 + 2 } });
    expect(events[1]).toMatchObject({ version: v0 + 2, patch: { closedDoors: false } });
    expect((await server.deps.models.Sitting.findById(f.sittingId).lean())!.closedDoors).toBe(false);
    expect(await publicSitting(f.sittingId)).toBe(200);
    off();

    // The audit chain says when the doors closed and opened, by whom; the chain holds.
    const audit = await server.deps.models.AuditEntry.find({ chain: chains.sitting(f.sittingId), action: 'sitting:setClosedDoors' }).sort({ seq: 1 }).lean<Array<{ actorId: unknown; data: Record<string, unknown> }>>();
    expect(audit.map((a) => [String(a.actorId), a.data.doors])).toEqual([[String(f.chair._id), 'closed'], [String(f.chair._id), 'public']]);
    expect(await verifyChain(server.deps, chains.sitting(f.sittingId))).toMatchObject({ ok: true });
  });

  it('an observer following the sitting hears the doors close, then nothing more, and cannot come back while they are closed', async () => {
    const f = await buildSitting('open');
    const chair = await join(f.chair._id, f.sittingId);
    const tablet = await join(f.delegate._id, f.sittingId);
    const guest = await join(f.observer._id, f.sittingId);
    const seen: SittingDelta[] = [];
    guest.socket.on('sitting:changed', (d) => seen.push(d));
    const onTablet: SittingDelta[] = [];
    tablet.socket.on('sitting:changed', (d) => onTablet.push(d));
    expect(await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: cid(), closedDoors: true })).toMatchObject({ ok: true });
    // The delegate asks for the floor behind closed doors: the tablet hears it, the observer does not.
    expect(await tablet.socket.emitWithAck('floor:request', { sittingId: f.sittingId, commandId: cid(), kind: 'speak' })).toMatchObject({ ok: true });
    await expect.poll(() => onTablet.length).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.map((d) => d.patch)).toEqual([{ closedDoors: true }]);
    expect(await guest.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await guest.socket.emitWithAck('sitting:join', { sittingId: f.sittingId })).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('a delegate or the secretary cannot: forbidden, nothing changes', async () => {
    const f = await buildSitting('open');
    for (const who of [f.delegate, f.secretary]) {
      const s = await join(who._id, f.sittingId);
      const res = await s.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: cid(), closedDoors: true });
      expect(res).toMatchObject({ ok: false, error: 'forbidden' });
    }
    expect((await server.deps.models.Sitting.findById(f.sittingId).lean())).toMatchObject({ closedDoors: false, version: 0 });
    expect(await publicSitting(f.sittingId)).toBe(200);
  });

  it('refused while the sitting is not open (before the opening the secretariat edits it; once closed it is final)', async () => {
    for (const status of ['published', 'closed'] as const) {
      const f = await buildSitting(status);
      const chair = await join(f.chair._id, f.sittingId);
      const res = await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: cid(), closedDoors: true });
      expect(res, status).toMatchObject({ ok: false, error: 'conflict' });
      expect((await server.deps.models.Sitting.findById(f.sittingId).lean())!.closedDoors).toBe(false);
    }
  });

  it('a malformed payload is refused by the contract', async () => {
    const f = await buildSitting('open');
    const chair = await join(f.chair._id, f.sittingId);
    const res = await chair.socket.emitWithAck('sitting:setClosedDoors', { sittingId: f.sittingId, commandId: cid(), closedDoors: 'yes' } as never);
    expect(res).toMatchObject({ ok: false, error: 'validation_failed' });
  });
});

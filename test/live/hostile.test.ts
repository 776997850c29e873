import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import type { Socket } from 'socket.io-client';
import { createLogger } from '../../server/src/platform/log.js';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, followSitting, sendCommand, commandId, type LiveSitting, type Follower } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import type { SittingCommandName } from '../../contract/sitting.js';
import type { Role } from '../../contract/roles.js';

/**
 * Hostile and unauthorised socket traffic against a live sitting: every bad payload is
 * answered with an error acknowledgement (never a crash, never an internal error), a payload
 * above maxHttpBufferSize only costs its sender the connection, and commands from a role that
 * may not send them are refused and logged with who sent what.
 */

const lines: string[] = [];
const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
const entries = () => lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

let server: TestServer;
let f: LiveSitting;
let outsiderId: string;
let operatorId: string;
const open: ClientSocket[] = [];
let chair: Follower;
let delegate: Follower;
let bystander: Follower;

beforeAll(async () => {
  server = await startTestServer({ log: createLogger('info', sink) });
  const { models } = server.deps;
  f = await buildLiveSitting(models, { delegates: 3, electedTotal: 30 });
  const [outsider, operator] = await models.User.insertMany([{ login: `outsider-${f.sittingId}@x.vn`, displayName: 'Người ngoài' }, { login: `operator-${f.sittingId}@x.vn`, displayName: 'Vận hành điểm cầu' }]);
  outsiderId = String(outsider!._id);
  operatorId = String(operator!._id);
  await models.Membership.create({ userId: operator!._id, councilId: f.councilId, role: 'meeting_point_operator' });
  // An outsider holds a membership elsewhere only.
  const other = await buildLiveSitting(models, { delegates: 0 });
  await models.Membership.create({ userId: outsider!._id, councilId: other.councilId, role: 'chair' });
  const follow = async (userId: string) => {
    const [cookie] = await mintCookies(models, [userId]);
    const s = await connectClient(server.url, cookie!, { reconnection: false });
    open.push(s);
    const fl = followSitting(s, f.sittingId);
    await fl.ready;
    return fl;
  };
  chair = await follow(f.chairId);
  delegate = await follow(f.delegateIds[0]!);
  bystander = await follow(f.delegateIds[1]!);
});
afterAll(async () => {
  open.forEach((s) => s.close());
  await server?.stop();
});

/** The socket without the event typing, to send what a well-behaved client never would. */
const raw = (s: ClientSocket) => s as unknown as Socket;
const ack = (s: ClientSocket, event: string, ...args: unknown[]) => raw(s).timeout(10_000).emitWithAck(event, ...args) as Promise<{ ok: boolean; error?: string; data?: unknown }>;
const version = async () => {
  const r = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
  if (!r.ok) throw new Error(r.message);
  return r.data.version;
};

const COMMANDS: SittingCommandName[] = ['sitting:setStatus', 'sitting:setClosedDoors', 'agenda:setCurrent', 'attendance:checkIn', 'floor:request', 'floor:withdraw', 'floor:reorder', 'floor:grant', 'floor:end'];
const KB100 = 'x'.repeat(100 * 1024);

describe('malformed or oversized socket payloads get an error acknowledgement, never a crash', () => {
  /** A valid payload of each command (the field sets the wrong-type cases start from). */
  const valid = (name: SittingCommandName): Record<string, unknown> => {
    const base = { sittingId: f.sittingId, commandId: commandId() };
    switch (name) {
      case 'sitting:setStatus': return { ...base, status: 'open' };
      case 'sitting:setClosedDoors': return { ...base, closedDoors: false };
      case 'agenda:setCurrent': return { ...base, agendaItemId: f.itemIds[0] };
      case 'attendance:checkIn': return { ...base, userId: f.delegateIds[0], status: 'hall', meetingPointId: null, reason: null };
      case 'floor:request': return { ...base, kind: 'question', official: 'Giám đốc Sở Tài chính' };
      case 'floor:withdraw': return { ...base, requestId: 'r-1' };
      case 'floor:reorder': return { ...base, requestIds: [] };
      case 'floor:grant': return { ...base, requestId: 'r-1' };
      case 'floor:end': return base;
    }
  };
  /** For each field: values of the wrong type or shape, a 100 KB string among them. */
  const wrongValues: Record<string, unknown[]> = {
    sittingId: [123, null, 'not-an-id', { $ne: null }, KB100],
    commandId: [12345678, 'short', null, ['a'.repeat(10)], KB100],
    status: ['adjourned', 1, null, KB100],
    closedDoors: ['yes', 1, null, KB100],
    agendaItemId: [42, 'not-an-id', { id: 'x' }, KB100],
    userId: [{}, 7, 'nope', KB100],
    meetingPointId: [5, 'nope', KB100],
    reason: [42, ['why'], KB100],
    kind: ['sing', null, 3, KB100],
    official: [7, '', { name: 'x' }, KB100],
    requestId: [[], 9, KB100],
    requestIds: ['abc', [1, 2], [KB100], Array.from({ length: 1001 }, (_, i) => `r${i}`)],
  };

  it('non-object payloads to every sitting event: validation_failed', async () => {
    const before = await version();
    for (const name of [...COMMANDS, 'sitting:join', 'sitting:snapshot']) {
      for (const payload of [null, 42, 'agenda', true, [], [f.sittingId], Buffer.from('{"sittingId":1}')]) {
        const r = await ack(delegate.socket, name, payload);
        expect({ name, payload: String(payload), r }).toMatchObject({ r: { ok: false, error: 'validation_failed' } });
      }
    }
    expect(await version()).toBe(before);
  });

  it('missing fields and wrong types in every field of every sitting command: validation_failed', async () => {
    const before = await version();
    let cases = 0;
    for (const name of COMMANDS) {
      const good = valid(name);
      // Each field left out (the optional ones of checkIn and floor:request excepted).
      const optional = new Set(['userId', 'meetingPointId', 'reason', 'official']);
      for (const field of Object.keys(good).filter((k) => !optional.has(k))) {
        const { [field]: _dropped, ...payload } = good;
        const r = await ack(chair.socket, name, payload);
        expect({ name, missing: field, r }).toMatchObject({ r: { ok: false, error: 'validation_failed' } });
        cases++;
      }
      for (const field of Object.keys(good)) {
        for (const bad of wrongValues[field] ?? []) {
          const r = await ack(chair.socket, name, { ...good, commandId: commandId(), [field]: bad });
          expect({ name, field, bad: String(bad).slice(0, 40), r }).toMatchObject({ r: { ok: false, error: 'validation_failed' } });
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
    expect(await version()).toBe(before);
  });

  it('a 900 KB payload (under the 1 MB limit) is refused as invalid; the connection stays', async () => {
    const r = await ack(chair.socket, 'floor:request', { sittingId: f.sittingId, commandId: commandId(), kind: 'question', official: 'x'.repeat(900 * 1024) });
    expect(r).toMatchObject({ ok: false, error: 'validation_failed' });
    expect(chair.socket.connected).toBe(true);
  });

  it('a command sent without a payload, or with extra arguments, is still answered (the acknowledgement is the last argument)', async () => {
    const within = <T>(p: Promise<T>) => Promise.race([p.catch(() => 'no acknowledgement'), new Promise((r) => setTimeout(() => r('no acknowledgement'), 3000))]);
    // socket.emit(name, ack): the server sees the ack callback where the payload should be.
    const bare = await within(ack(delegate.socket, 'agenda:setCurrent'));
    // socket.emit(name, payload, extra, ack): the ack callback comes third.
    const extra = await within(ack(delegate.socket, 'floor:request', { sittingId: f.sittingId, commandId: commandId(), kind: 'speak' }, 'extra'));
    expect({ bare, extra }).toMatchObject({ bare: { ok: false, error: 'validation_failed' }, extra: { ok: expect.any(Boolean) } });
  });

  it('a payload above maxHttpBufferSize (1 MB) closes only its sender\'s connection: the server stays up, the others carry on', async () => {
    const [cookie] = await mintCookies(server.deps.models, [f.delegateIds[2]!]);
    const big = await connectClient(server.url, cookie!, { reconnection: false });
    open.push(big);
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    // socket.io (engine.io → ws maxPayload) drops the connection; no acknowledgement comes.
    raw(big).emit('agenda:setCurrent', { sittingId: f.sittingId, commandId: commandId(), agendaItemId: 'y'.repeat(1_100_000) }, () => {});
    expect(await closed).toBe('transport close');
    // The server is up and everybody else unaffected: a command reaches the other clients.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(chair.socket.connected && delegate.socket.connected && bystander.socket.connected).toBe(true);
    const v = bystander.mirror.version;
    const res = await sendCommand(chair.socket, 'agenda:setCurrent', { sittingId: f.sittingId, agendaItemId: f.itemIds[1]! });
    expect(res).toEqual({ ok: true, data: { version: v + 1 } });
    await bystander.waitForVersion(v + 1, 5000);
    await delegate.waitForVersion(v + 1, 5000);
    expect(bystander.mirror.state?.currentItemId).toBe(f.itemIds[1]);
    // And the sender may come back.
    big.connect();
    await new Promise<void>((resolve) => big.once('connect', () => resolve()));
    expect((await big.emitWithAck('sitting:join', { sittingId: f.sittingId })).ok).toBe(true);
  });

  it('nothing above went down as an internal error', () => {
    expect(entries().filter((e) => (e.level as number) >= 50)).toEqual([]);
  });
});

describe('commands from a role that may not send them are refused and logged', () => {
  const refused = () => entries().filter((e) => e.msg === 'socket command refused');

  it('delegate, observer, meeting-point operator and outsider: forbidden, state unchanged, a warning naming user and command', async () => {
    const { models } = server.deps;
    const connect = async (userId: string) => {
      const [cookie] = await mintCookies(models, [userId]);
      const s = await connectClient(server.url, cookie!, { reconnection: false });
      open.push(s);
      return s;
    };
    const observer = await connect(f.observerId);
    const operator = await connect(operatorId);
    const outsider = await connect(outsiderId);
    // Another delegate's request, for a withdraw by someone else.
    expect((await sendCommand(bystander.socket, 'floor:request', { sittingId: f.sittingId, kind: 'speak' })).ok).toBe(true);
    const snap = await chair.socket.emitWithAck('sitting:snapshot', { sittingId: f.sittingId });
    if (!snap.ok) throw new Error(snap.message);
    const requestId = snap.data.state.queue.find((q) => q.userId === f.delegateIds[1])!.requestId;
    const before = snap.data.version;

    const attempts: Array<{ who: string; role: Role | 'none'; socket: ClientSocket; name: SittingCommandName; payload: Record<string, unknown> }> = [
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'agenda:setCurrent', payload: { agendaItemId: f.itemIds[2] } },
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'sitting:setStatus', payload: { status: 'closed' } },
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'floor:grant', payload: { requestId } },
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'floor:reorder', payload: { requestIds: [requestId] } },
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'floor:withdraw', payload: { requestId } },
      { who: f.delegateIds[0]!, role: 'delegate', socket: delegate.socket, name: 'attendance:checkIn', payload: { userId: f.delegateIds[1], status: 'hall' } },
      { who: f.observerId, role: 'observer', socket: observer, name: 'floor:request', payload: { kind: 'speak' } },
      { who: f.observerId, role: 'observer', socket: observer, name: 'attendance:checkIn', payload: { status: 'hall' } },
      { who: f.observerId, role: 'observer', socket: observer, name: 'floor:end', payload: {} },
      { who: operatorId, role: 'meeting_point_operator', socket: operator, name: 'agenda:setCurrent', payload: { agendaItemId: f.itemIds[2] } },
      { who: operatorId, role: 'meeting_point_operator', socket: operator, name: 'attendance:checkIn', payload: { userId: f.delegateIds[2], status: 'online', meetingPointId: f.councilId } },
      { who: outsiderId, role: 'none', socket: outsider, name: 'agenda:setCurrent', payload: { agendaItemId: f.itemIds[2] } },
      { who: outsiderId, role: 'none', socket: outsider, name: 'floor:request', payload: { kind: 'speak' } },
    ];
    for (const a of attempts) {
      const r = await sendCommand(a.socket, a.name, { sittingId: f.sittingId, ...a.payload });
      expect({ role: a.role, name: a.name, r }).toMatchObject({ r: { ok: false, error: 'forbidden' } });
    }
    expect(await version()).toBe(before);

    const logged = refused();
    for (const a of attempts) {
      expect(logged, `${a.role} ${a.name}`).toContainEqual(expect.objectContaining({ level: 40, userId: a.who, command: a.name, sittingId: f.sittingId }));
    }
    // Allowed commands are not logged as refused.
    expect(logged.filter((e) => e.userId === f.chairId)).toEqual([]);
  });
});

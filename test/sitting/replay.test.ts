import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, sendCommand, commandId, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import type { SittingCommandName } from '../../contract/sitting.js';
import { COMMAND_STATUSES } from '../../server/src/sitting/commandTable.js';
import { COMMANDS } from '../../contract/commands.js';

/**
 * Issue 11, defect 2: a command id counted as "already done" whoever sent it, for whatever
 * command. Now authorisation comes first, and a resend is recognised by sender + command +
 * id, with the same payload; anything else sharing the id is another command.
 */
let server: TestServer;
const sockets: ClientSocket[] = [];
let f: LiveSitting;
let chair: ClientSocket;
let delegates: ClientSocket[];
let observer: ClientSocket;

const snapshotOf = async () => server.deps.models.Sitting.findById(f.sittingId).lean();

beforeAll(async () => {
  server = await startTestServer();
  f = await buildLiveSitting(server.deps.models, { delegates: 3, electedTotal: 3 });
  const cookies = await mintCookies(server.deps.models, [f.chairId, ...f.delegateIds, f.observerId]);
  const all = await Promise.all(cookies.map((c) => connectClient(server.url, c, { reconnection: false })));
  sockets.push(...all);
  [chair, ...delegates] = all.slice(0, 4) as [ClientSocket, ...ClientSocket[]];
  observer = all[4]!;
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.stop();
});

const chairOnly = (Object.keys(COMMAND_STATUSES) as SittingCommandName[]).filter((n) => !(COMMANDS[n].who as readonly string[]).includes('delegate') && n !== 'sitting:setStatus');

describe('a command id is never "already done" for someone else', () => {
  it.each(chairOnly)('a delegate replaying the id of the chair\'s applied %s is refused forbidden, not answered ok', async (name) => {
    const id = commandId();
    const payload = name === 'agenda:setCurrent' ? { agendaItemId: f.itemIds[1] } : name === 'sitting:setClosedDoors' ? { closedDoors: false } : name === 'floor:reorder' ? { requestIds: [] } : { requestId: '00000000-0000-4000-8000-000000000000' };
    await sendCommand(chair, name, { sittingId: f.sittingId, commandId: id, ...payload });
    const replay = await sendCommand(delegates[0]!, name, { sittingId: f.sittingId, commandId: id, ...payload });
    expect(replay).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await sendCommand(observer, name, { sittingId: f.sittingId, commandId: id, ...payload })).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('another delegate\'s floor:request with a colliding id is applied for them, not dropped', async () => {
    const id = commandId();
    expect(await sendCommand(delegates[0]!, 'floor:request', { sittingId: f.sittingId, commandId: id, kind: 'speak' })).toMatchObject({ ok: true });
    expect(await sendCommand(delegates[1]!, 'floor:request', { sittingId: f.sittingId, commandId: id, kind: 'speak' })).toMatchObject({ ok: true });
    const queued = (await snapshotOf())!.queue.map((q) => q.userId);
    expect(queued).toEqual(expect.arrayContaining([f.delegateIds[0], f.delegateIds[1]]));
  });

  it('a resend by the same sender of the same command and payload returns the original version and applies nothing again', async () => {
    const id = commandId();
    const first = await sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, commandId: id, agendaItemId: f.itemIds[2] });
    expect(first.ok).toBe(true);
    const versionAfter = (await snapshotOf())!.version;
    const again = await sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, commandId: id, agendaItemId: f.itemIds[2] });
    expect(again).toEqual(first);
    expect((await snapshotOf())!.version).toBe(versionAfter);
  });

  it('the same sender reusing an id for another payload is refused conflict, and nothing is applied', async () => {
    const id = commandId();
    await sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, commandId: id, agendaItemId: f.itemIds[3] });
    const reused = await sendCommand(chair, 'agenda:setCurrent', { sittingId: f.sittingId, commandId: id, agendaItemId: f.itemIds[4] });
    expect(reused).toMatchObject({ ok: false, error: 'conflict', message: expect.stringMatching(/đã được dùng cho một thao tác khác/) });
    expect((await snapshotOf())!.currentItemId).toBe(f.itemIds[3]);
  });

  it('the chair closing the sitting with an id a delegate used before closes it (was: answered ok and dropped)', async () => {
    const id = commandId();
    await sendCommand(delegates[2]!, 'floor:request', { sittingId: f.sittingId, commandId: id, kind: 'speak' });
    expect(await sendCommand(chair, 'sitting:setStatus', { sittingId: f.sittingId, commandId: id, status: 'closed' })).toMatchObject({ ok: true });
    expect((await snapshotOf())!.status).toBe('closed');
  });
});

describe('a closed sitting (bế mạc) no longer moves', () => {
  it('closing clears the current item, and the chair\'s "Chuyển đến" afterwards is refused saying the sitting has been closed', async () => {
    const g = await buildLiveSitting(server.deps.models, { delegates: 0, electedTotal: 0 });
    const [cookie] = await mintCookies(server.deps.models, [g.chairId]);
    const c = await connectClient(server.url, cookie!, { reconnection: false });
    sockets.push(c);
    expect(await sendCommand(c, 'agenda:setCurrent', { sittingId: g.sittingId, agendaItemId: g.itemIds[0] })).toMatchObject({ ok: true });
    expect(await sendCommand(c, 'sitting:setStatus', { sittingId: g.sittingId, status: 'closed' })).toMatchObject({ ok: true });
    const joined = await c.emitWithAck('sitting:join', { sittingId: g.sittingId });
    expect(joined).toMatchObject({ ok: true, data: { state: { status: 'closed', currentItemId: null, speaking: null, queue: [] } } });
    const move = await sendCommand(c, 'agenda:setCurrent', { sittingId: g.sittingId, agendaItemId: g.itemIds[1] });
    expect(move).toMatchObject({ ok: false, error: 'conflict', message: expect.stringMatching(/đã bế mạc/) });
    expect((await server.deps.models.Sitting.findById(g.sittingId).lean())!.currentItemId).toBeNull();
  });
});

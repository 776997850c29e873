import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, sendCommand, commandId, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import type { SittingCommandName } from '../../contract/sitting.js';
import { COMMAND_STATUSES } from '../../server/src/sitting/commandTable.js';
import { COMMANDS } from '../../contract/commands.js';

/**
 * Issue 11, defects 5 and 8b: every sitting command against every sitting status, from the
 * tables in code (statuses: server/src/sitting/commandTable.ts; senders: contract/commands.ts), over real sockets. A sender who may
 * never send a command is refused `forbidden` in every status; a command the status does not
 * allow is refused `conflict` saying what the status means; an allowed one is never refused
 * for the status.
 */
type Status = 'draft' | 'published' | 'open' | 'closed';
const STATUSES: Status[] = ['draft', 'published', 'open', 'closed'];
const STATUS_REFUSAL: Record<Status, RegExp> = {
  draft: /chưa được công bố/,
  published: /chưa khai mạc/,
  open: /đang diễn ra/,
  closed: /đã bế mạc; không thể thay đổi/,
};
const NEXT_STATUS: Record<Status, Status> = { draft: 'published', published: 'open', open: 'closed', closed: 'closed' };

let server: TestServer;
const sockets: ClientSocket[] = [];
const rigs = {} as Record<Status, { f: LiveSitting; chair: ClientSocket; delegate: ClientSocket; observer: ClientSocket }>;

beforeAll(async () => {
  server = await startTestServer();
  const { models } = server.deps;
  for (const status of STATUSES) {
    const f = await buildLiveSitting(models, { delegates: 3, electedTotal: 3, status });
    // Everyone present, so that opening a published sitting has its quorum.
    await models.Sitting.updateOne({ _id: f.sittingId }, { $set: { attendance: f.delegateIds.map((userId) => ({ userId, status: 'hall', meetingPointId: null, reason: null, at: new Date().toISOString() })) } });
    const [c, d, o] = await mintCookies(models, [f.chairId, f.delegateIds[0]!, f.observerId]);
    const [chair, delegate, observer] = await Promise.all([c, d, o].map((cookie) => connectClient(server.url, cookie!, { reconnection: false })));
    sockets.push(chair!, delegate!, observer!);
    rigs[status] = { f, chair: chair!, delegate: delegate!, observer: observer! };
  }
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.stop();
});

/** A payload each command accepts in a status that allows it. */
function payloadFor(name: SittingCommandName, status: Status, f: LiveSitting): Record<string, unknown> {
  const base = { sittingId: f.sittingId, commandId: commandId() };
  switch (name) {
    case 'sitting:setStatus': return { ...base, status: NEXT_STATUS[status] };
    case 'sitting:setClosedDoors': return { ...base, closedDoors: false };
    case 'agenda:setCurrent': return { ...base, agendaItemId: f.itemIds[0] };
    case 'attendance:checkIn': return { ...base, status: 'hall' };
    case 'floor:request': return { ...base, kind: 'speak' };
    case 'floor:withdraw': return { ...base, requestId: '00000000-0000-4000-8000-000000000000' };
    case 'floor:reorder': return { ...base, requestIds: [] };
    case 'floor:grant': return { ...base, requestId: '00000000-0000-4000-8000-000000000000' };
    case 'floor:end': return base;
  }
}

/** Who sends the command in the table test: the chair for staff commands, else a delegate. */
const senderOf = (name: SittingCommandName) => ((COMMANDS[name].who as readonly string[]).includes('delegate') ? 'delegate' : 'chair');

describe('every sitting command against every sitting status (the command table)', () => {
  for (const name of Object.keys(COMMAND_STATUSES) as SittingCommandName[]) {
    for (const status of STATUSES) {
      const allowed = COMMAND_STATUSES[name].includes(status);
      it(`${name} in a ${status} sitting is ${allowed ? 'not refused for the status' : 'refused: conflict, saying the sitting is ' + status}`, async () => {
        const rig = rigs[status];
        const ack = await sendCommand(rig[senderOf(name)], name, payloadFor(name, status, rig.f) as never);
        // Each status keeps its sitting for the next command (setStatus just moved it on), written
        // as every writer of a sitting writes: with a new version (the server remembers the state
        // it wrote last and trusts it until the version moves: sitting/lastWritten.ts).
        await server.deps.models.Sitting.updateOne({ _id: rig.f.sittingId }, { $set: { status }, $inc: { version: 1 } });
        if (allowed) {
          if (!ack.ok) expect(ack.message).not.toMatch(STATUS_REFUSAL[status]);
        } else {
          expect(ack).toMatchObject({ ok: false, error: 'conflict', message: expect.stringMatching(STATUS_REFUSAL[status]) });
        }
      });
    }
  }
});

describe('a sender who may never send a command is refused forbidden, whatever the status', () => {
  for (const name of Object.keys(COMMAND_STATUSES) as SittingCommandName[]) {
    it(`${name}: an observer is refused forbidden in a draft, published, open and closed sitting${(COMMANDS[name].who as readonly string[]).includes('delegate') ? '' : '; so is a delegate'}`, async () => {
      for (const status of STATUSES) {
        const rig = rigs[status];
        const senders = (COMMANDS[name].who as readonly string[]).includes('delegate') ? [rig.observer] : [rig.observer, rig.delegate];
        for (const s of senders) {
          expect(await sendCommand(s, name, payloadFor(name, status, rig.f) as never)).toMatchObject({ ok: false, error: 'forbidden' });
        }
      }
    });
  }
});
